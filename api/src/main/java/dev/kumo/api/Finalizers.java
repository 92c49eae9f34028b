package dev.kumo.api;

/** Finalizers Kumo's controllers put on objects whose deletion has outcomes other than "delete". */
public final class Finalizers {
  /** A VM's data-plane resources (domain, IPs, volumes) are released before it disappears. */
  public static final String VM_CLEANUP = "compute.kumo.dev/vm-cleanup";

  /** A host's VMs are stopped or moved before the host is removed. */
  public static final String HOST_DRAIN = "infra.kumo.dev/host-drain";

  /** An image or offering in use is not deleted from under its users. */
  public static final String IN_USE = "kumo.dev/in-use";

  /** A stack's children are deleted in reverse dependency order. */
  public static final String STACK_CASCADE = "stack.kumo.dev/cascade";

  private Finalizers() {}
}
