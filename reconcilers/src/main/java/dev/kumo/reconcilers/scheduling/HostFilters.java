package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import dev.kumo.api.infra.v1alpha1.HypervisorType;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.StorageCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The filter chain in ZStack's order (zstack-behaviour §1.5, LeastVmPreferred's {@code
 * allocatorFlowNames}): AttachedL2Network, DesignatedHost, HostStateAndHypervisor, HostCapacity,
 * HostPrimaryStorage, then the extension filters Affinity, MaxInstancePerHost and UsageData.
 */
final class HostFilters {
  private HostFilters() {}

  /** The chain, in order. */
  static final List<HostFilter> CHAIN =
      List.of(
          new AttachedL2Network(),
          new Designated(),
          new HostStateAndHypervisor(),
          new HostCapacityFilter(),
          new HostPrimaryStorage(),
          new Affinity(),
          new MaxInstancePerHost(),
          new UsageData());

  /** AttachedL2NetworkAllocatorFlow: the host's cluster is attached to every L2 the VM needs. */
  static final class AttachedL2Network implements HostFilter {
    @Override
    public String name() {
      return "AttachedL2Network";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      c.cluster = c.clusterName == null ? null : ctx.inventory().clusters().get(c.clusterName);
      if (c.cluster == null || c.cluster.getSpec() == null) {
        return reject(c, "cluster " + c.clusterName + " not found", RejectReason.ClusterNotFound);
      }
      c.zoneName = c.cluster.getSpec().zoneRef;
      List<String> attached = c.cluster.getSpec().l2NetworkRefs;
      TreeSet<String> missing = new TreeSet<>(ctx.request().l2Networks());
      if (attached != null) {
        missing.removeAll(attached);
      }
      return missing.isEmpty()
          ? null
          : reject(
              c,
              "cluster " + c.clusterName + " lacks L2 " + String.join(",", missing),
              RejectReason.L2NetworkNotAttached);
    }
  }

  /** DesignatedHostAllocatorFlow: honours {@code spec.placement} zone, cluster and host. */
  static final class Designated implements HostFilter {
    @Override
    public String name() {
      return "DesignatedHost";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      SchedulingRequest r = ctx.request();
      if (r.zone() != null && !r.zone().equals(c.zoneName)) {
        return reject(
            c, "zone " + c.zoneName + " != " + r.zone(), RejectReason.NotInDesignatedZone);
      }
      if (r.cluster() != null && !r.cluster().equals(c.clusterName)) {
        return reject(
            c,
            "cluster " + c.clusterName + " != " + r.cluster(),
            RejectReason.NotInDesignatedCluster);
      }
      if (r.host() != null && !r.host().equals(c.name)) {
        return reject(c, "host != " + r.host(), RejectReason.NotDesignatedHost);
      }
      return null;
    }
  }

  /**
   * HostStateAndHypervisorAllocatorFlow: host Enabled and Connected with the wanted hypervisor;
   * Kumo adds that its cluster and zone are Enabled.
   */
  static final class HostStateAndHypervisor implements HostFilter {
    @Override
    public String name() {
      return "HostStateAndHypervisor";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      MaintainableState state = c.host.getSpec() == null ? null : c.host.getSpec().state;
      if (state == MaintainableState.Disabled) {
        return reject(c, "host state Disabled", RejectReason.HostDisabled);
      }
      if (state == MaintainableState.Maintenance) {
        return reject(c, "host state Maintenance", RejectReason.HostInMaintenance);
      }
      ConnectionStatus conn = c.host.getStatus() == null ? null : c.host.getStatus().connection;
      if (conn != ConnectionStatus.Connected) {
        return reject(c, "host status " + conn, RejectReason.HostNotConnected);
      }
      if (c.cluster.getSpec().state == AdminState.Disabled) {
        return reject(c, "cluster " + c.clusterName + " Disabled", RejectReason.ClusterDisabled);
      }
      Zone zone = c.zoneName == null ? null : ctx.inventory().zones().get(c.zoneName);
      if (zone == null || (zone.getSpec() != null && zone.getSpec().state == AdminState.Disabled)) {
        return reject(
            c,
            "zone " + c.zoneName + (zone == null ? " not found" : " Disabled"),
            RejectReason.ZoneDisabled);
      }
      HypervisorType hv = c.cluster.getSpec().hypervisorType;
      hv = hv == null ? HypervisorType.KVM : hv;
      HypervisorType want = ctx.request().hypervisor();
      if (want != null && want != hv) {
        return reject(c, "hypervisor " + hv + " != " + want, RejectReason.HypervisorMismatch);
      }
      return null;
    }
  }

  /**
   * HostCapacityAllocatorFlow: enough vCPUs and memory left after over-commit, reserve and what the
   * ledger already holds.
   */
  static final class HostCapacityFilter implements HostFilter {
    @Override
    public String name() {
      return "HostCapacity";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      c.limit = CapacityModel.allocatable(c.host, c.cluster, ctx.inventory().config()).orElse(null);
      if (c.limit == null) {
        return reject(c, "host reported no facts or capacity", RejectReason.CapacityUnknown);
      }
      c.usage = ctx.ledger().usage(c.name);
      SchedulingRequest r = ctx.request();
      List<RejectReason> reasons =
          CapacityLedger.capacityReasons(c.usage, r.cpu(), r.memoryBytes(), c.limit);
      if (reasons.isEmpty()) {
        return null;
      }
      String detail =
          String.format(
              "wants cpu %d memory %d; free cpu %d/%d memory %d/%d",
              r.cpu(),
              r.memoryBytes(),
              c.limit.cpu() - c.usage.cpu(),
              c.limit.cpu(),
              c.limit.memoryBytes() - c.usage.memoryBytes(),
              c.limit.memoryBytes());
      return reject(c, detail, reasons.toArray(RejectReason[]::new));
    }
  }

  /**
   * HostPrimaryStorageAllocatorFlow: an Enabled, Connected primary storage attached to the host's
   * cluster (the designated one if {@code spec.primaryStorageRef} is set) with room for the root
   * volume: virtual available minus unbound reservations, and physical use staying under the
   * threshold. Picks the storage with the most room, ties by name.
   */
  static final class HostPrimaryStorage implements HostFilter {
    @Override
    public String name() {
      return "HostPrimaryStorage";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      List<String> attached = c.cluster.getSpec().primaryStorageRefs;
      List<String> names = new ArrayList<>(new TreeSet<>(attached == null ? List.of() : attached));
      String want = ctx.request().primaryStorage();
      if (want != null) {
        if (!names.contains(want)) {
          return reject(
              c, "primary storage " + want + " not attached", RejectReason.NoPrimaryStorage);
        }
        names = List.of(want);
      }
      long disk = ctx.request().rootDiskBytes();
      double threshold = ctx.inventory().config().primaryStoragePhysicalThreshold();
      boolean anyUsable = false;
      String best = null;
      Long bestRoom = null;
      for (String n : names) {
        PrimaryStorage ps = ctx.inventory().primaryStorages().get(n);
        if (ps == null || ps.getSpec() == null || ps.getStatus() == null) {
          continue;
        }
        MaintainableState st = ps.getSpec().state;
        if ((st != null && st != MaintainableState.Enabled)
            || ps.getStatus().connection != ConnectionStatus.Connected) {
          continue;
        }
        anyUsable = true;
        StorageCapacity cap = ps.getStatus().capacity;
        Long avail = cap == null ? null : CapacityModel.bytes(cap.available);
        Long room = avail == null ? null : avail - ctx.ledger().pendingDiskBytes(n);
        if (disk > 0) {
          if (room == null || room < disk) {
            continue;
          }
          Long totalPhys = CapacityModel.bytes(cap.totalPhysical);
          Long availPhys = CapacityModel.bytes(cap.availablePhysical);
          if (totalPhys != null
              && availPhys != null
              && (double) (totalPhys - availPhys + disk) > threshold * totalPhys) {
            continue;
          }
        }
        long r = room == null ? Long.MIN_VALUE : room;
        if (best == null || r > bestRoom) {
          best = n;
          bestRoom = r;
        }
      }
      if (best == null) {
        return anyUsable
            ? reject(
                c, "no attached storage has " + disk + " bytes", RejectReason.InsufficientStorage)
            : reject(c, "no Enabled, Connected storage in " + names, RejectReason.NoPrimaryStorage);
      }
      c.primaryStorage = best;
      c.storageAvailable = disk > 0 ? bestRoom + ctx.ledger().pendingDiskBytes(best) : null;
      return null;
    }
  }

  /** Affinity groups in Hard mode (Soft ones only sort). */
  static final class Affinity implements HostFilter {
    @Override
    public String name() {
      return "AffinityGroup";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      SchedulingRequest r = ctx.request();
      if (!r.hardAffinity()) {
        return null;
      }
      RejectReason reason = CapacityLedger.affinityReason(r.policy(), ctx.groupPlacement(), c.name);
      return reason == null
          ? null
          : reject(c, r.policy() + " group " + r.group() + " on " + ctx.groupPlacement(), reason);
    }
  }

  /** MaxInstancePerHost: "No host with fewer than %s vms found". */
  static final class MaxInstancePerHost implements HostFilter {
    @Override
    public String name() {
      return "MaxInstancePerHost";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      Integer max = ctx.request().maxInstancePerHost();
      if (max == null) {
        return null;
      }
      c.usage = ctx.ledger().usage(c.name);
      return c.usage.vms() < max
          ? null
          : reject(
              c,
              "host has " + c.usage.vms() + " VMs, max " + max,
              RejectReason.MaxInstancesReached);
    }
  }

  /** Hard MinimumCPUUsage/MinimumMemoryUsage: a host without utilisation data cannot be chosen. */
  static final class UsageData implements HostFilter {
    @Override
    public String name() {
      return "UsageData";
    }

    @Override
    public Rejection test(Candidate c, Context ctx) {
      SchedulingRequest r = ctx.request();
      if (r.mode() != AllocatorMode.Hard) {
        return null;
      }
      if (r.strategy() == AllocatorStrategy.MinimumCPUUsage && cpuUsage(c, ctx) == null) {
        return reject(c, "no CPU usage data", RejectReason.NoUsageData);
      }
      if (r.strategy() == AllocatorStrategy.MinimumMemoryUsage && memoryUsage(c, ctx) == null) {
        return reject(c, "no memory usage data", RejectReason.NoUsageData);
      }
      return null;
    }
  }

  /** CPU utilisation from monitoring, or null. */
  static Double cpuUsage(Candidate c, HostFilter.Context ctx) {
    HostMetrics m = ctx.inventory().metrics().get(c.name);
    return m == null ? null : valid(m.cpuUsage());
  }

  /**
   * Memory utilisation from monitoring, else from the physical memory the node daemon reports, or
   * null.
   */
  static Double memoryUsage(Candidate c, HostFilter.Context ctx) {
    HostMetrics m = ctx.inventory().metrics().get(c.name);
    Double v = m == null ? null : valid(m.memoryUsage());
    if (v != null) {
      return v;
    }
    HostCapacity cap = c.host.getStatus() == null ? null : c.host.getStatus().capacity;
    if (cap == null) {
      return null;
    }
    Long total = CapacityModel.bytes(cap.totalPhysicalMemory);
    Long free = CapacityModel.bytes(cap.availablePhysicalMemory);
    if (total == null || free == null || total <= 0) {
      return null;
    }
    return valid(1.0 - (double) free / total);
  }

  private static Double valid(Double v) {
    return v == null || v.isNaN() ? null : Math.max(0.0, Math.min(1.0, v));
  }
}
