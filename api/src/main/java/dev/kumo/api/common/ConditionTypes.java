package dev.kumo.api.common;

/** Condition types shared by Kumo kinds. */
public final class ConditionTypes {
  /** The object is usable: its references resolve and the data plane matches its spec. */
  public static final String READY = "Ready";

  /** A VM has been placed on a host (status.hostRef is set). */
  public static final String SCHEDULED = "Scheduled";

  /** Every NIC of a VM has its IP address and MAC. */
  public static final String IPS_ALLOCATED = "IpsAllocated";

  /** The volumes of a VM exist on primary storage. */
  public static final String VOLUMES_READY = "VolumesReady";

  /** A host's node daemon renews its lease. */
  public static final String CONNECTED = "Connected";

  /**
   * A VM's host cannot keep it running (the host is in Maintenance or being deleted): the node
   * daemon stops the domain whatever spec.state says, and the VM starts again when the host is
   * Enabled.
   */
  public static final String EVICTED = "Evicted";

  /**
   * A volume has the size its spec asks for (False with reason ShrinkRefused when spec.size is
   * below the volume's size: volumes grow, never shrink).
   */
  public static final String RESIZED = "Resized";

  /** A snapshot's last revert request (annotation storage.kumo.dev/revert-requested) was done. */
  public static final String REVERTED = "Reverted";

  private ConditionTypes() {}
}
