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

  /**
   * Put by a node daemon on a VM before it defines the VM's domain; removed once the domain is gone
   * from its host. A VM cannot disappear while a hypervisor still runs it.
   */
  public static final String DOMAIN = "node.kumo.dev/domain";

  /**
   * Put by a node daemon on a Volume before it creates the volume's file; removed once the file is
   * deleted.
   */
  public static final String VOLUME_DATA = "node.kumo.dev/volume-data";

  /**
   * Put by a node daemon on a VolumeSnapshot before it takes the snapshot; removed once the
   * snapshot file is deleted.
   */
  public static final String SNAPSHOT_DATA = "node.kumo.dev/snapshot-data";

  private Finalizers() {}
}
