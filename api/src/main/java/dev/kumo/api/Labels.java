package dev.kumo.api;

/**
 * Labels and names shared by the controller manager and the node daemons: the contract between the
 * two sides of Kumo (DESIGN §1, §5).
 */
public final class Labels {
  /**
   * On VmInstances and Volumes: the host whose node daemon realises the object. Set by the
   * controller manager once the object is placed; node daemons watch only their own value.
   */
  public static final String HOST = "kumo.dev/host";

  /** On IpAddresses and Volumes a VM owns: the VM's name. */
  public static final String VM = "kumo.dev/vm";

  /** On IpAddresses a VM owns: the VM's namespace (IpAddresses are cluster-scoped). */
  public static final String VM_NAMESPACE = "kumo.dev/vm-namespace";

  /** On IpAddresses: the L3 network the address belongs to. */
  public static final String L3_NETWORK = "kumo.dev/l3-network";

  /** Set on the children of a ResourceStack: the stack's name. */
  public static final String STACK = "kumo.dev/stack";

  /** Set on the children of a ResourceStack: the logical resource name in its template. */
  public static final String STACK_RESOURCE = "kumo.dev/stack-resource";

  /** The marker put on everything created on a host (libvirt metadata, OVS external_ids). */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY} on Kumo's objects. */
  public static final String KUMO = "kumo";

  /**
   * Annotation on the Volumes and IpAddresses of a VM deleted under the Delay or Never policy: the
   * uid of the deleted VM. Re-creating a VM of the same namespace and name recovers them.
   */
  public static final String RETAINED_FROM = "kumo.dev/retained-from";

  /** Annotation next to {@link #RETAINED_FROM} under Delay: when they are expunged (RFC 3339). */
  public static final String EXPUNGE_AFTER = "kumo.dev/expunge-after";

  /**
   * Annotation on a VmInstance asking for a reboot: set it to a new value (e.g. the time) to reboot
   * a running VM once; the node daemon records the value it carried out in {@code
   * status.runtime.rebootToken}.
   */
  public static final String REBOOT_REQUESTED = "compute.kumo.dev/reboot-requested";

  /**
   * On VolumeSnapshots: the name of their Volume, set by the controller manager so that a volume's
   * snapshots are listed by label.
   */
  public static final String VOLUME = "kumo.dev/volume";

  /**
   * Annotation a user puts on a VolumeSnapshot to revert its volume to it (ZStack's
   * RevertVolumeFromSnapshot): any new value (a token, e.g. a timestamp) is one request. The node
   * daemon of the volume's host answers each token once, recording it in {@code
   * status.observedRevertToken} with condition Reverted: True once done, False with reason
   * VmNotStopped when the volume's VM is not Stopped (refused; set a new token to ask again).
   */
  public static final String REVERT_REQUESTED = "storage.kumo.dev/revert-requested";

  /** Namespace of the node daemons' heartbeat Leases and the controller manager's leader Lease. */
  public static final String SYSTEM_NAMESPACE = "kumo-system";

  /** Field manager of the controller manager's status and metadata writes. */
  public static final String CONTROLLER_MANAGER = "kumo-controller-manager";

  /** Field manager of the node daemons' status writes. */
  public static final String NODE_DAEMON = "kumo-node-daemon";

  /** The heartbeat Lease of a host's node daemon, in {@link #SYSTEM_NAMESPACE}. */
  public static String hostLease(String host) {
    return "host-" + host;
  }

  private Labels() {}
}
