package dev.kumo.reconcilers.infra;

import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.reconcilers.scheduling.Allocatable;
import dev.kumo.reconcilers.scheduling.CapacityLedger;
import java.util.Collection;

/**
 * A host's {@code status.capacity} (ZStack's HostCapacityVO): total from {@link
 * dev.kumo.reconcilers.scheduling.CapacityModel} (facts × over-commit − reserve), available = total
 * minus the vCPUs and memory of the VMs placed on the host whose state holds capacity ({@link
 * CapacityLedger#holdsCapacity}), never below zero (reality may exceed the limits when an
 * over-commit ratio is lowered under running VMs).
 */
public final class HostCapacities {
  private HostCapacities() {}

  /** The vCPUs and memory bytes the VMs on {@code host} hold. */
  public record Used(int cpu, long memoryBytes) {}

  /** What the VMs placed on {@code host} (status.hostRef) hold, counting only those that do. */
  public static Used used(String host, Collection<VmInstance> vms) {
    int cpu = 0;
    long memory = 0;
    for (VmInstance vm : vms) {
      if (vm.getStatus() == null
          || !host.equals(vm.getStatus().hostRef)
          || !CapacityLedger.holdsCapacity(vm.getStatus().state)) {
        continue;
      }
      Integer c = vm.getStatus().cpu;
      if (c == null && vm.getSpec() != null) {
        c = vm.getSpec().cpu;
      }
      Long m = Quantities.bytes(vm.getStatus().memory);
      if (m == null && vm.getSpec() != null) {
        m = Quantities.bytes(vm.getSpec().memory);
      }
      cpu += c == null ? 0 : c;
      memory += m == null ? 0 : m;
    }
    return new Used(cpu, memory);
  }

  /** Number of VMs placed on {@code host} (status.hostRef), whatever their state. */
  public static int vmCount(String host, Collection<VmInstance> vms) {
    return (int)
        vms.stream()
            .filter(vm -> vm.getStatus() != null && host.equals(vm.getStatus().hostRef))
            .count();
  }

  /**
   * The capacity to report.
   *
   * @param total allocatable capacity after over-commit and reserve
   * @param facts the node daemon's facts (for the physical memory), or null
   * @param used what the host's VMs hold
   */
  public static HostCapacity capacity(Allocatable total, HostFacts facts, Used used) {
    HostCapacity c = new HostCapacity();
    c.totalCpu = total.cpu();
    c.availableCpu = Math.max(0, total.cpu() - used.cpu());
    c.totalMemory = Quantities.ofBytes(total.memoryBytes());
    c.availableMemory = Quantities.ofBytes(Math.max(0, total.memoryBytes() - used.memoryBytes()));
    if (facts != null && facts.memory != null) {
      c.totalPhysicalMemory = facts.memory;
    }
    return c;
  }
}
