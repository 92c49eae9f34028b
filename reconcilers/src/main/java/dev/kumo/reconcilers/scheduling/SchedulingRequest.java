package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.infra.v1alpha1.HypervisorType;
import dev.kumo.api.network.v1alpha1.L3Network;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one VM asks of the scheduler, resolved from the VM, its offering and its affinity group.
 *
 * @param vmKey {@code namespace/name}
 * @param cpu vCPUs
 * @param memoryBytes memory
 * @param rootDiskBytes size of the root volume to place on primary storage (0: no size check)
 * @param l2Networks L2 networks the host's cluster must be attached to (from the NICs' L3s)
 * @param zone designated zone, or null
 * @param cluster designated cluster, or null
 * @param host designated host, or null
 * @param primaryStorage designated primary storage, or null
 * @param hypervisor required hypervisor, or null for any
 * @param strategy allocator strategy
 * @param mode hard/soft for the usage strategies
 * @param maxInstancePerHost limit for MaxInstancePerHost, else null
 * @param group affinity group key {@code namespace/name}, or null
 * @param policy the group's policy, or null
 * @param groupMode the group's mode, or null
 */
public record SchedulingRequest(
    String vmKey,
    int cpu,
    long memoryBytes,
    long rootDiskBytes,
    Set<String> l2Networks,
    String zone,
    String cluster,
    String host,
    String primaryStorage,
    HypervisorType hypervisor,
    AllocatorStrategy strategy,
    AllocatorMode mode,
    Integer maxInstancePerHost,
    String group,
    AffinityPolicy policy,
    AllocatorMode groupMode) {

  /** The input cannot be scheduled as given; the message says why. */
  public static final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
      super(message);
    }
  }

  /** Copies the L2 set and fills the defaults (LeastVmPreferred, Soft). */
  public SchedulingRequest {
    l2Networks = l2Networks == null ? Set.of() : Set.copyOf(l2Networks);
    strategy = strategy == null ? AllocatorStrategy.LeastVmPreferred : strategy;
    mode = mode == null ? AllocatorMode.Soft : mode;
    groupMode = group != null && groupMode == null ? AllocatorMode.Soft : groupMode;
  }

  /** Whether the VM is in a Hard affinity group. */
  public boolean hardAffinity() {
    return group != null && policy != null && groupMode == AllocatorMode.Hard;
  }

  /**
   * Resolves a VM.
   *
   * @param vm the VM
   * @param offering its instance offering when {@code spec.instanceOfferingRef} is set, else null
   * @param group its affinity group when {@code spec.affinityGroupRef} is set, else null
   * @param l3Networks L3 networks by name, to find the L2s the NICs need
   * @param rootDiskBytes root volume size (from the image or root disk offering); 0 skips the check
   * @param hypervisor the hypervisor the image needs, or null for any
   * @throws InvalidRequestException when a reference is missing or a size is invalid
   */
  public static SchedulingRequest of(
      VmInstance vm,
      InstanceOffering offering,
      AffinityGroup group,
      Map<String, L3Network> l3Networks,
      long rootDiskBytes,
      HypervisorType hypervisor) {
    if (vm == null || vm.getMetadata() == null || vm.getMetadata().getName() == null) {
      throw new InvalidRequestException("VM has no name");
    }
    VmInstanceSpec spec = vm.getSpec();
    if (spec == null) {
      throw new InvalidRequestException("VM has no spec");
    }
    Integer cpu = spec.cpu;
    Long mem = CapacityModel.bytes(spec.memory);
    AllocatorStrategy strategy = null;
    AllocatorMode mode = null;
    Integer max = null;
    if (spec.instanceOfferingRef != null) {
      if (offering == null || offering.getSpec() == null) {
        throw new InvalidRequestException(
            "InstanceOffering " + spec.instanceOfferingRef + " not found");
      }
      InstanceOfferingSpec o = offering.getSpec();
      cpu = o.cpu;
      mem = CapacityModel.bytes(o.memory);
      strategy = o.allocatorStrategy;
      mode = o.allocatorMode;
      max = o.maxInstancePerHost;
      if (strategy == AllocatorStrategy.MaxInstancePerHost && (max == null || max < 1)) {
        throw new InvalidRequestException(
            "InstanceOffering " + spec.instanceOfferingRef + " has no valid maxInstancePerHost");
      }
      if (strategy != AllocatorStrategy.MaxInstancePerHost) {
        max = null;
      }
    }
    if (cpu == null || cpu < 1) {
      throw new InvalidRequestException("VM needs at least 1 vCPU");
    }
    if (mem == null || mem <= 0) {
      throw new InvalidRequestException("VM needs a positive memory size");
    }
    if (rootDiskBytes < 0) {
      throw new InvalidRequestException("root disk size must not be negative");
    }
    Set<String> l2s = new LinkedHashSet<>();
    if (spec.nics != null) {
      for (NicSpec nic : spec.nics) {
        if (nic == null || nic.l3NetworkRef == null) {
          throw new InvalidRequestException("a NIC has no l3NetworkRef");
        }
        L3Network l3 = l3Networks == null ? null : l3Networks.get(nic.l3NetworkRef);
        if (l3 == null || l3.getSpec() == null || l3.getSpec().l2NetworkRef == null) {
          throw new InvalidRequestException("L3Network " + nic.l3NetworkRef + " not found");
        }
        l2s.add(l3.getSpec().l2NetworkRef);
      }
    }
    String ns = vm.getMetadata().getNamespace();
    String groupKey = null;
    AffinityPolicy policy = null;
    AllocatorMode groupMode = null;
    if (spec.affinityGroupRef != null) {
      if (group == null || group.getSpec() == null || group.getSpec().policy == null) {
        throw new InvalidRequestException("AffinityGroup " + spec.affinityGroupRef + " not found");
      }
      groupKey = CapacityLedger.key(ns, spec.affinityGroupRef);
      policy = group.getSpec().policy;
      groupMode = group.getSpec().mode;
    }
    Placement p = spec.placement;
    return new SchedulingRequest(
        CapacityLedger.key(vm),
        cpu,
        mem,
        rootDiskBytes,
        l2s,
        p == null ? null : p.zoneRef,
        p == null ? null : p.clusterRef,
        p == null ? null : p.hostRef,
        spec.primaryStorageRef,
        hypervisor,
        strategy,
        mode,
        max,
        groupKey,
        policy,
        groupMode);
  }
}
