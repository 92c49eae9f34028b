package dev.kumo.api;

/** Labels and annotations that are part of Kumo's API contract. */
public final class Labels {
  /** Set on objects assigned to a hypervisor host; a node daemon watches only its own host's. */
  public static final String HOST = "kumo.dev/host";

  /** Set on the children of a ResourceStack: the stack's name. */
  public static final String STACK = "kumo.dev/stack";

  /** Set on the children of a ResourceStack: the logical resource name in its template. */
  public static final String STACK_RESOURCE = "kumo.dev/stack-resource";

  /** Set on IpAddress objects: the L3 network they were allocated from. */
  public static final String L3_NETWORK = "kumo.dev/l3-network";

  /** Set on Volume objects created for a VM: the VM's name. */
  public static final String VM = "kumo.dev/vm";

  /** The marker put on everything created on a host (libvirt metadata, OVS external_ids). */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY} on Kumo's objects. */
  public static final String KUMO = "kumo";

  private Labels() {}
}
