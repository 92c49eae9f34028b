package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HypervisorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ZStack's host allocator as a pure planner: the filter chain ({@link HostFilters}), the strategy
 * sort ({@link HostSorter}) and an atomic reservation in a shared {@link CapacityLedger}.
 *
 * <p>Several threads may call {@link #schedule} on schedulers sharing one ledger: each evaluates a
 * snapshot, then tries to reserve the best host; a host taken in the meantime is re-checked by the
 * ledger and the next one is tried, so no host is ever over-booked. ZStack serializes allocation in
 * its {@code host-allocator} queue instead; the ledger's atomic check-and-take gives the same
 * guarantee without a global queue.
 */
public final class HostScheduler {
  private static final int MAX_ROUNDS = 32;

  private final CapacityLedger ledger;

  /** A scheduler reserving in {@code ledger}. */
  public HostScheduler(CapacityLedger ledger) {
    this.ledger = ledger;
  }

  /** The ledger this scheduler reserves in. */
  public CapacityLedger ledger() {
    return ledger;
  }

  /**
   * A dry run: the hosts that fit, best first, and the rejected ones. Reserves nothing.
   *
   * @param ranked feasible host names, best first
   * @param primaryStorages primary storage chosen for each ranked host, in the same order
   * @param rejections rejected hosts, by host name
   * @param totalHosts hosts considered
   */
  public record Evaluation(
      List<String> ranked,
      List<String> primaryStorages,
      List<Rejection> rejections,
      int totalHosts) {
    /** Copies the lists. */
    public Evaluation {
      ranked = List.copyOf(ranked);
      primaryStorages = Collections.unmodifiableList(new ArrayList<>(primaryStorages));
      rejections = List.copyOf(rejections);
    }

    /** The aggregated message, e.g. "1/3 hosts available: 2 insufficient memory." */
    public String message() {
      return ScheduleResult.summary(ranked.size(), totalHosts, rejections);
    }
  }

  /**
   * Resolves the VM and schedules it. Invalid input (missing offering, L3 or group; bad sizes)
   * gives {@link ScheduleResult.Unschedulable} with reason {@link ScheduleResult#INVALID_SPEC}.
   */
  public ScheduleResult schedule(
      VmInstance vm,
      InstanceOffering offering,
      AffinityGroup group,
      long rootDiskBytes,
      HypervisorType hypervisor,
      Inventory inventory) {
    SchedulingRequest req;
    try {
      req =
          SchedulingRequest.of(
              vm, offering, group, inventory.l3Networks(), rootDiskBytes, hypervisor);
    } catch (SchedulingRequest.InvalidRequestException e) {
      return new ScheduleResult.Unschedulable(
          ScheduleResult.INVALID_SPEC, e.getMessage(), inventory.hosts().size(), List.of());
    }
    return schedule(req, inventory);
  }

  /**
   * Places the request: the VM's existing reservation if it has one (idempotent), otherwise the
   * best host that still fits when reserved.
   */
  public ScheduleResult schedule(SchedulingRequest req, Inventory inventory) {
    int total = inventory.hosts().size();
    Optional<Reservation> existing = ledger.reservation(req.vmKey());
    if (existing.isPresent()) {
      return scheduled(existing.get(), inventory, 1, total);
    }
    Evaluation ev = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Candidate> feasible = new ArrayList<>();
      ev = evaluate(req, inventory, feasible);
      if (feasible.isEmpty()) {
        return new ScheduleResult.Unschedulable(
            ScheduleResult.NO_CAPACITY, ev.message(), total, ev.rejections());
      }
      for (Candidate c : feasible) {
        Optional<Reservation> r = ledger.tryReserve(claim(req, c));
        if (r.isPresent()) {
          return scheduled(r.get(), inventory, feasible.size(), total);
        }
      }
    }
    return new ScheduleResult.Unschedulable(
        ScheduleResult.CONFLICT,
        "hosts that fit were taken by concurrent placements " + MAX_ROUNDS + " times; retry",
        total,
        ev.rejections());
  }

  /** Runs the filters and the sort without reserving. */
  public Evaluation evaluate(SchedulingRequest req, Inventory inventory) {
    return evaluate(req, inventory, new ArrayList<>());
  }

  private Evaluation evaluate(SchedulingRequest req, Inventory inv, List<Candidate> feasible) {
    HostFilter.Context ctx =
        new HostFilter.Context(req, inv, ledger, ledger.groupPlacement(req.group()));
    List<Rejection> rejections = new ArrayList<>();
    List<Host> hosts = new ArrayList<>();
    for (Host h : inv.hosts()) {
      if (h != null && h.getMetadata() != null && h.getMetadata().getName() != null) {
        hosts.add(h);
      }
    }
    hosts.sort(Comparator.comparing(h -> h.getMetadata().getName()));
    for (Host h : hosts) {
      Candidate c = new Candidate(h);
      Rejection rejected = null;
      for (HostFilter f : HostFilters.CHAIN) {
        rejected = f.test(c, ctx);
        if (rejected != null) {
          break;
        }
      }
      if (rejected == null) {
        feasible.add(c);
      } else {
        rejections.add(rejected);
      }
    }
    HostSorter.sort(feasible, ctx);
    return new Evaluation(
        feasible.stream().map(c -> c.name).toList(),
        feasible.stream().map(c -> c.primaryStorage).toList(),
        rejections,
        inv.hosts().size());
  }

  private static CapacityLedger.Claim claim(SchedulingRequest req, Candidate c) {
    return new CapacityLedger.Claim(
        req.vmKey(),
        c.name,
        req.cpu(),
        req.memoryBytes(),
        c.limit,
        req.maxInstancePerHost(),
        req.group(),
        req.policy(),
        req.hardAffinity(),
        c.primaryStorage,
        req.rootDiskBytes(),
        c.storageAvailable);
  }

  private static ScheduleResult.Scheduled scheduled(
      Reservation r, Inventory inv, int feasible, int total) {
    String cluster = null;
    String zone = null;
    for (Host h : inv.hosts()) {
      if (h != null
          && h.getMetadata() != null
          && r.host().equals(h.getMetadata().getName())
          && h.getSpec() != null) {
        cluster = h.getSpec().clusterRef;
        Cluster cl = cluster == null ? null : inv.clusters().get(cluster);
        zone = cl == null || cl.getSpec() == null ? null : cl.getSpec().zoneRef;
      }
    }
    return new ScheduleResult.Scheduled(
        r, r.host(), cluster, zone, r.primaryStorage(), feasible, total);
  }
}
