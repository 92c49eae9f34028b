package dev.kumo.api.storage.v1alpha1;

import dev.kumo.api.common.KumoStatus;
import io.fabric8.kubernetes.api.model.Quantity;

/** What Kumo observes about a volume. */
public class VolumeStatus extends KumoStatus {
  /** Printable summary of the volume's state. */
  public VolumePhase phase;

  /** Name of the PrimaryStorage the volume is on. */
  public String primaryStorageRef;

  /** Host whose local storage holds the volume (LocalStorage only). */
  public String hostRef;

  /** Path of the volume file on the primary storage. */
  public String installPath;

  /** On-disk format. */
  public ImageFormat format;

  /** Virtual size of the volume. */
  public Quantity size;

  /** Bytes the volume file takes on storage. */
  public Quantity actualSize;

  /** Name of the VM the volume is attached to. */
  public String attachedTo;

  /** Position of the volume on its VM's disk bus (0 is the root volume). */
  public Integer deviceId;
}
