package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.api.infra.v1alpha1.Overcommit;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Optional;

/**
 * ZStack's capacity arithmetic (zstack-behaviour §1.6).
 *
 * <ul>
 *   <li>CPU: {@code cpuThreads × cpuRatio − reservedCpu} ({@code totalCpu = cpuNum × ratio}).
 *   <li>Memory: {@code physical × memoryPercent / 100 − reservedMemory}.
 * </ul>
 *
 * <p>The ratio comes from the host's cluster ({@code spec.overcommit}) or the cloud-wide default;
 * the reserve from the host ({@code spec.reservedCpu}, {@code spec.reservedMemory}) or the default.
 * A host whose node daemon has not reported facts falls back to {@code status.capacity.total*},
 * which is already allocatable; with neither, the host has no known capacity.
 */
public final class CapacityModel {
  private CapacityModel() {}

  /** The host's allocatable capacity, or empty when it has reported none. */
  public static Optional<Allocatable> allocatable(Host host, Cluster cluster, SchedulerConfig cfg) {
    if (host == null) {
      return Optional.empty();
    }
    Overcommit oc =
        cluster != null && cluster.getSpec() != null ? cluster.getSpec().overcommit : null;
    int ratio = oc != null && oc.cpuRatio != null ? oc.cpuRatio : cfg.cpuOvercommitRatio();
    int memPercent =
        oc != null && oc.memoryPercent != null ? oc.memoryPercent : cfg.memoryOvercommitPercent();
    int reservedCpu = cfg.reservedCpu();
    long reservedMem = cfg.reservedMemoryBytes();
    if (host.getSpec() != null) {
      if (host.getSpec().reservedCpu != null) {
        reservedCpu = host.getSpec().reservedCpu;
      }
      Long r = bytes(host.getSpec().reservedMemory);
      if (r != null) {
        reservedMem = r;
      }
    }
    HostFacts facts = host.getStatus() != null ? host.getStatus().facts : null;
    HostCapacity reported = host.getStatus() != null ? host.getStatus().capacity : null;

    Integer cpu = null;
    if (facts != null && facts.cpuThreads != null) {
      cpu = cpu(facts.cpuThreads, ratio, reservedCpu);
    } else if (reported != null && reported.totalCpu != null) {
      cpu = Math.max(0, reported.totalCpu);
    }
    Long mem = null;
    Long physical = facts != null ? bytes(facts.memory) : null;
    if (physical != null) {
      mem = memory(physical, memPercent, reservedMem);
    } else if (reported != null) {
      Long total = bytes(reported.totalMemory);
      mem = total == null ? null : Math.max(0, total);
    }
    if (cpu == null || mem == null) {
      return Optional.empty();
    }
    return Optional.of(new Allocatable(cpu, mem));
  }

  /** Allocatable vCPUs: {@code threads × ratio − reserved}, never negative. */
  public static int cpu(int threads, int ratio, int reserved) {
    long v = (long) Math.max(0, threads) * ratio - reserved;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
  }

  /** Allocatable memory: {@code physical × percent / 100 − reserved}, never negative. */
  public static long memory(long physicalBytes, int percent, long reservedBytes) {
    long over;
    try {
      over = Math.multiplyExact(Math.max(0, physicalBytes), (long) percent) / 100;
    } catch (ArithmeticException e) {
      over = Long.MAX_VALUE;
    }
    return Math.max(0, over - reservedBytes);
  }

  /** A quantity in bytes (rounded down), or null when absent or unparsable. */
  public static Long bytes(Quantity q) {
    if (q == null) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(q).longValue();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
