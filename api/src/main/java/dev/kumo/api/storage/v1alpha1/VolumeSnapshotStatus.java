package dev.kumo.api.storage.v1alpha1;

import dev.kumo.api.common.KumoStatus;
import io.fabric8.kubernetes.api.model.Quantity;

/** What Kumo observes about a snapshot, including its place in the volume's snapshot tree. */
public class VolumeSnapshotStatus extends KumoStatus {
  /** Printable state of the snapshot. */
  public SnapshotPhase phase;

  /** Name of the parent snapshot in the tree; unset for the first snapshot of a chain. */
  public String parent;

  /** Depth in the snapshot tree (0 for a root). */
  public Integer depth;

  /** Whether the volume currently runs on top of this snapshot. */
  public Boolean latest;

  /** Path of the snapshot file on primary storage. */
  public String installPath;

  /** Bytes the snapshot takes on storage. */
  public Quantity size;

  /** Virtual size of the volume when the snapshot was taken (what a revert gives back). */
  public Quantity volumeSize;

  /**
   * The last value of the annotation storage.kumo.dev/revert-requested the node daemon answered;
   * condition Reverted says how.
   */
  public String observedRevertToken;
}
