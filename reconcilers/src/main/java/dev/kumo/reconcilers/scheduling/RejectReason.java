package dev.kumo.reconcilers.scheduling;

/**
 * Why a filter of the chain rejected a host. The text is what the aggregated message says ("2
 * insufficient memory").
 */
public enum RejectReason {
  /** The host's cluster does not exist. */
  ClusterNotFound("cluster not found"),
  /** AttachedL2NetworkAllocatorFlow: the cluster is not attached to an L2 of the VM's L3s. */
  L2NetworkNotAttached("L2 network not attached to cluster"),
  /** DesignatedHostAllocatorFlow: the host is outside the designated zone. */
  NotInDesignatedZone("not in designated zone"),
  /** DesignatedHostAllocatorFlow: the host is outside the designated cluster. */
  NotInDesignatedCluster("not in designated cluster"),
  /** DesignatedHostAllocatorFlow: the host is not the designated host. */
  NotDesignatedHost("not the designated host"),
  /** HostStateAndHypervisorAllocatorFlow: host state Disabled. */
  HostDisabled("disabled"),
  /** HostStateAndHypervisorAllocatorFlow: host state Maintenance. */
  HostInMaintenance("in maintenance"),
  /** HostStateAndHypervisorAllocatorFlow: host status not Connected. */
  HostNotConnected("not connected"),
  /** The host's cluster is Disabled. */
  ClusterDisabled("cluster disabled"),
  /** The host's zone is Disabled or missing. */
  ZoneDisabled("zone disabled"),
  /** HostStateAndHypervisorAllocatorFlow: the cluster runs another hypervisor. */
  HypervisorMismatch("hypervisor mismatch"),
  /** The host reported no facts or capacity. */
  CapacityUnknown("capacity unknown"),
  /** HostCapacityAllocatorFlow: not enough vCPUs. */
  InsufficientCpu("insufficient cpu"),
  /** HostCapacityAllocatorFlow: not enough memory. */
  InsufficientMemory("insufficient memory"),
  /** HostPrimaryStorageAllocatorFlow: no usable primary storage attached to the cluster. */
  NoPrimaryStorage("no usable primary storage"),
  /** HostPrimaryStorageAllocatorFlow: attached primary storage lacks space for the root volume. */
  InsufficientStorage("insufficient primary storage"),
  /** Hard affinity group: the group's VMs run on another host. */
  AffinityConflict("affinity group runs elsewhere"),
  /** Hard anti-affinity group: a VM of the group already runs here. */
  AntiAffinityConflict("anti-affinity group member present"),
  /** MaxInstancePerHost: the host already has the maximum number of VMs. */
  MaxInstancesReached("max instances per host reached"),
  /** Hard MinimumCPUUsage/MinimumMemoryUsage: no utilisation data for the host. */
  NoUsageData("no usage data");

  private final String text;

  RejectReason(String text) {
    this.text = text;
  }

  /** Lower-case text for the aggregated message. */
  public String text() {
    return text;
  }
}
