package dev.kumo.reconcilers.scheduling;

/**
 * Cloud-wide defaults of the allocator, ZStack's global configs. Cluster {@code spec.overcommit}
 * and Host {@code spec.reservedCpu}/{@code spec.reservedMemory} override them per cluster and host.
 *
 * @param cpuOvercommitRatio vCPUs per physical CPU thread ({@code host.cpu.overProvisioning.ratio},
 *     10)
 * @param memoryOvercommitPercent allocatable memory in percent of physical memory ({@code
 *     mevoco.overProvisioning.memory} = 1.0, i.e. 100)
 * @param reservedCpu vCPUs kept back on every host (0; ZStack's {@code kvm.reservedCpu} = 512 is in
 *     its legacy CPU-capacity unit, not vCPUs)
 * @param reservedMemoryBytes memory kept back on every host for the agent ({@code
 *     kvm.reservedMemory} = 1G)
 * @param primaryStoragePhysicalThreshold fraction of physical storage above which a primary storage
 *     counts as full ({@code mevoco.threshold.primaryStorage.physicalCapacity} = 0.9)
 */
public record SchedulerConfig(
    int cpuOvercommitRatio,
    int memoryOvercommitPercent,
    int reservedCpu,
    long reservedMemoryBytes,
    double primaryStoragePhysicalThreshold) {

  /** One gibibyte. */
  public static final long GIB = 1024L * 1024 * 1024;

  /** ZStack's defaults. */
  public static final SchedulerConfig DEFAULTS = new SchedulerConfig(10, 100, 0, GIB, 0.9);

  /** Validates the values. */
  public SchedulerConfig {
    if (cpuOvercommitRatio < 1) {
      throw new IllegalArgumentException("cpuOvercommitRatio must be >= 1");
    }
    if (memoryOvercommitPercent < 1) {
      throw new IllegalArgumentException("memoryOvercommitPercent must be >= 1");
    }
    if (reservedCpu < 0 || reservedMemoryBytes < 0) {
      throw new IllegalArgumentException("reserves must be >= 0");
    }
    if (!(primaryStoragePhysicalThreshold > 0 && primaryStoragePhysicalThreshold <= 1)) {
      throw new IllegalArgumentException("primaryStoragePhysicalThreshold must be in (0, 1]");
    }
  }
}
