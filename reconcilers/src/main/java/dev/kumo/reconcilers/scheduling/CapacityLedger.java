package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leader's in-memory capacity cache: what every host has promised to VMs, and where the members
 * of each affinity group are. It is kube-scheduler's "assume then bind" and ZStack's {@code
 * HostCapacityVO} decrement in one.
 *
 * <ul>
 *   <li>{@link #tryReserve} re-checks every ledger-dependent rule (cpu, memory, max VMs per host,
 *       hard affinity, primary-storage space) and takes the capacity in one atomic step, so
 *       concurrent schedulers never double-book a host.
 *   <li>{@link #release} gives it back when a later step fails, the VM stops or is destroyed
 *       (ZStack's {@code ReturnHostCapacityMsg}).
 *   <li>{@link #bind} marks the decision written to the VM's status; from then on the root volume
 *       is counted by the primary storage's own status, so the ledger stops holding its bytes.
 *   <li>{@link #rebuild} recreates the ledger from the VMs' status after a restart or leader
 *       change: nothing lives only in memory except assumptions not yet bound, which are simply
 *       scheduled again.
 * </ul>
 *
 * <p>All methods are thread-safe.
 */
public final class CapacityLedger {

  /**
   * What a host has promised to VMs.
   *
   * @param cpu vCPUs held
   * @param memoryBytes memory held
   * @param vms number of VMs holding capacity on the host
   */
  public record HostUsage(int cpu, long memoryBytes, int vms) {
    /** Nothing held. */
    public static final HostUsage NONE = new HostUsage(0, 0, 0);
  }

  /**
   * A request to take capacity on one host, with the limits to re-check atomically.
   *
   * @param vmKey {@code namespace/name} of the VM
   * @param host host name
   * @param cpu vCPUs wanted
   * @param memoryBytes memory wanted
   * @param limit the host's allocatable capacity
   * @param maxVms the most VMs the host may hold (MaxInstancePerHost), or null
   * @param group the VM's affinity group key, or null
   * @param policy the group's policy, or null
   * @param hardAffinity whether the group is Hard (re-checked here) or Soft (not a constraint)
   * @param primaryStorage the primary storage for the root volume, or null
   * @param diskBytes root-volume bytes
   * @param storageAvailableBytes the storage's reported available bytes, or null to skip the check
   */
  public record Claim(
      String vmKey,
      String host,
      int cpu,
      long memoryBytes,
      Allocatable limit,
      Integer maxVms,
      String group,
      AffinityPolicy policy,
      boolean hardAffinity,
      String primaryStorage,
      long diskBytes,
      Long storageAvailableBytes) {}

  private static final class Use {
    int cpu;
    long memory;
    int vms;
  }

  private final Map<String, Reservation> byVm = new HashMap<>();
  private final Set<String> bound = new HashSet<>();
  private final Map<String, Use> byHost = new HashMap<>();
  private final Map<String, Map<String, Integer>> groups = new HashMap<>();
  private final Map<String, Long> pendingDisk = new HashMap<>();

  /** An empty ledger. */
  public CapacityLedger() {}

  /**
   * A ledger holding the capacity of every VM whose status places it on a host and that is not
   * Stopped or Destroyed (ZStack returns host capacity on stop and destroy). Sizes come from {@code
   * status.cpu}/{@code status.memory}, else from the spec. Entries are bound.
   */
  public static CapacityLedger rebuild(Collection<VmInstance> vms) {
    CapacityLedger ledger = new CapacityLedger();
    if (vms == null) {
      return ledger;
    }
    for (VmInstance vm : vms) {
      if (vm == null || vm.getMetadata() == null || vm.getStatus() == null) {
        continue;
      }
      String host = vm.getStatus().hostRef;
      VmState state = vm.getStatus().state;
      if (host == null || host.isEmpty() || !holdsCapacity(state)) {
        continue;
      }
      Integer cpu = vm.getStatus().cpu;
      if (cpu == null && vm.getSpec() != null) {
        cpu = vm.getSpec().cpu;
      }
      Long mem = CapacityModel.bytes(vm.getStatus().memory);
      if (mem == null && vm.getSpec() != null) {
        mem = CapacityModel.bytes(vm.getSpec().memory);
      }
      String group =
          vm.getSpec() != null && vm.getSpec().affinityGroupRef != null
              ? key(vm.getMetadata().getNamespace(), vm.getSpec().affinityGroupRef)
              : null;
      ledger.record(
          new Reservation(
              key(vm), host, cpu == null ? 0 : cpu, mem == null ? 0 : mem, group, null, 0));
    }
    return ledger;
  }

  /** Whether a VM in this state holds capacity on its host. */
  public static boolean holdsCapacity(VmState state) {
    return state != VmState.Stopped && state != VmState.Destroyed;
  }

  /** {@code namespace/name} of a VM. */
  public static String key(VmInstance vm) {
    return key(vm.getMetadata().getNamespace(), vm.getMetadata().getName());
  }

  /** {@code namespace/name}. */
  public static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  /** Adds a reservation as bound, without checks (reality may exceed the limits). */
  public synchronized void record(Reservation r) {
    release(r.vmKey());
    apply(r);
    bound.add(r.vmKey());
  }

  /**
   * Takes the capacity of {@code claim} if every rule still holds. A VM that already has a
   * reservation gets it back unchanged (retries are idempotent).
   *
   * @return the reservation, or empty when the host no longer fits (another scheduler got there
   *     first)
   */
  public synchronized Optional<Reservation> tryReserve(Claim claim) {
    Reservation existing = byVm.get(claim.vmKey());
    if (existing != null) {
      return Optional.of(existing);
    }
    if (!check(claim).isEmpty()) {
      return Optional.empty();
    }
    Reservation r =
        new Reservation(
            claim.vmKey(),
            claim.host(),
            claim.cpu(),
            claim.memoryBytes(),
            claim.group(),
            claim.primaryStorage(),
            claim.primaryStorage() == null ? 0 : claim.diskBytes());
    apply(r);
    return Optional.of(r);
  }

  /** The reasons {@code claim} would be refused now; empty when it fits. */
  public synchronized List<RejectReason> check(Claim claim) {
    List<RejectReason> reasons = new ArrayList<>();
    HostUsage u = usage(claim.host());
    reasons.addAll(capacityReasons(u, claim.cpu(), claim.memoryBytes(), claim.limit()));
    if (claim.storageAvailableBytes() != null
        && claim.primaryStorage() != null
        && claim.storageAvailableBytes() - pendingDiskBytes(claim.primaryStorage())
            < claim.diskBytes()) {
      reasons.add(RejectReason.InsufficientStorage);
    }
    if (claim.hardAffinity() && claim.group() != null && claim.policy() != null) {
      RejectReason r = affinityReason(claim.policy(), groupPlacement(claim.group()), claim.host());
      if (r != null) {
        reasons.add(r);
      }
    }
    if (claim.maxVms() != null && u.vms() >= claim.maxVms()) {
      reasons.add(RejectReason.MaxInstancesReached);
    }
    return reasons;
  }

  /** Marks the VM's reservation as written to its status; its root-volume bytes stop being held. */
  public synchronized boolean bind(String vmKey) {
    Reservation r = byVm.get(vmKey);
    if (r == null || !bound.add(vmKey)) {
      return false;
    }
    unholdDisk(r);
    return true;
  }

  /** Gives back the VM's capacity; returns what was released. */
  public synchronized Optional<Reservation> release(String vmKey) {
    Reservation r = byVm.remove(vmKey);
    if (r == null) {
      return Optional.empty();
    }
    Use u = byHost.get(r.host());
    u.cpu -= r.cpu();
    u.memory -= r.memoryBytes();
    u.vms -= 1;
    if (u.vms == 0) {
      byHost.remove(r.host());
    }
    if (r.group() != null) {
      Map<String, Integer> g = groups.get(r.group());
      g.merge(r.host(), -1, Integer::sum);
      if (g.get(r.host()) <= 0) {
        g.remove(r.host());
      }
      if (g.isEmpty()) {
        groups.remove(r.group());
      }
    }
    if (!bound.remove(vmKey)) {
      unholdDisk(r);
    }
    return Optional.of(r);
  }

  /** The VM's reservation, if any. */
  public synchronized Optional<Reservation> reservation(String vmKey) {
    return Optional.ofNullable(byVm.get(vmKey));
  }

  /** Whether the VM's reservation is bound. */
  public synchronized boolean isBound(String vmKey) {
    return bound.contains(vmKey);
  }

  /** What the host has promised. */
  public synchronized HostUsage usage(String host) {
    Use u = byHost.get(host);
    return u == null ? HostUsage.NONE : new HostUsage(u.cpu, u.memory, u.vms);
  }

  /** Usage of every host holding something, by host name. */
  public synchronized Map<String, HostUsage> usageByHost() {
    Map<String, HostUsage> out = new TreeMap<>();
    byHost.forEach((h, u) -> out.put(h, new HostUsage(u.cpu, u.memory, u.vms)));
    return out;
  }

  /** Host → number of the group's VMs on it. */
  public synchronized Map<String, Integer> groupPlacement(String group) {
    Map<String, Integer> g = group == null ? null : groups.get(group);
    return g == null ? Map.of() : new TreeMap<>(g);
  }

  /** Root-volume bytes promised on the primary storage by reservations not yet bound. */
  public synchronized long pendingDiskBytes(String primaryStorage) {
    return pendingDisk.getOrDefault(primaryStorage, 0L);
  }

  /** Number of reservations. */
  public synchronized int size() {
    return byVm.size();
  }

  static List<RejectReason> capacityReasons(
      HostUsage u, int cpu, long memoryBytes, Allocatable limit) {
    List<RejectReason> reasons = new ArrayList<>(2);
    if ((long) u.cpu() + cpu > limit.cpu()) {
      reasons.add(RejectReason.InsufficientCpu);
    }
    if (u.memoryBytes() > limit.memoryBytes() - memoryBytes) {
      reasons.add(RejectReason.InsufficientMemory);
    }
    return reasons;
  }

  static RejectReason affinityReason(
      AffinityPolicy policy, Map<String, Integer> placement, String host) {
    if (policy == AffinityPolicy.AntiAffinity) {
      return placement.getOrDefault(host, 0) > 0 ? RejectReason.AntiAffinityConflict : null;
    }
    return placement.isEmpty() || placement.containsKey(host)
        ? null
        : RejectReason.AffinityConflict;
  }

  private void apply(Reservation r) {
    byVm.put(r.vmKey(), r);
    Use u = byHost.computeIfAbsent(r.host(), h -> new Use());
    u.cpu += r.cpu();
    u.memory += r.memoryBytes();
    u.vms += 1;
    if (r.group() != null) {
      groups.computeIfAbsent(r.group(), g -> new HashMap<>()).merge(r.host(), 1, Integer::sum);
    }
    if (r.primaryStorage() != null && r.diskBytes() > 0) {
      pendingDisk.merge(r.primaryStorage(), r.diskBytes(), Long::sum);
    }
  }

  private void unholdDisk(Reservation r) {
    if (r.primaryStorage() != null && r.diskBytes() > 0) {
      long left = pendingDisk.merge(r.primaryStorage(), -r.diskBytes(), Long::sum);
      if (left <= 0) {
        pendingDisk.remove(r.primaryStorage());
      }
    }
  }
}
