package dev.kumo.node.driver;

import java.util.List;
import java.util.Optional;

/**
 * Primary storage on the host: qcow2 volume files keyed by Volume uid (kvmagent's localstorage and
 * nfs plugins). Mutating calls are idempotent: creating an existing volume returns it, deleting a
 * missing one does nothing.
 */
public interface StorageDriver {
  /** Makes the pool usable (mkdir, or mount for NFS) and reports its physical room. */
  PoolStats connect(StoragePool pool);

  /** Creates an empty volume of the given virtual size, or returns the existing one. */
  VolumeFile createEmpty(StoragePool pool, String volumeUid, long sizeBytes);

  /**
   * Creates a volume from an image (fetching it into the pool's image cache first), or returns the
   * existing one. Its virtual size is the image's.
   */
  VolumeFile createFromImage(StoragePool pool, String volumeUid, ImageSource image);

  /** Deletes a volume file; does nothing when it is gone. */
  void delete(String installPath);

  /** The volume file of a Volume, if it exists. */
  Optional<VolumeFile> find(String volumeUid);

  /** Every Kumo volume file on the host's pools. */
  List<VolumeFile> list();

  /**
   * Grows a volume to a new virtual size (qemu-img resize, or block_resize while a domain uses it);
   * does nothing when it already has that size.
   *
   * @throws DriverException {@link DriverException#INVALID_STATE} when {@code sizeBytes} is below
   *     the volume's size (volumes never shrink), {@link DriverException#NOT_FOUND} when the volume
   *     has no file
   */
  VolumeFile resize(String volumeUid, long sizeBytes);

  /**
   * Takes a snapshot of the volume as it is now (the volume's live file becomes the snapshot and a
   * new overlay goes on top of it), or returns the existing one with this uid.
   *
   * @throws DriverException {@link DriverException#NOT_FOUND} when the volume has no file
   */
  SnapshotFile snapshot(String volumeUid, String snapshotUid);

  /**
   * Moves the volume back to a snapshot: its live file is replaced by a new, empty overlay on the
   * snapshot, with the snapshot's virtual size. The caller makes sure no running domain uses it.
   *
   * @throws DriverException {@link DriverException#NOT_FOUND} when the volume or the snapshot is
   *     missing
   */
  VolumeFile revert(String volumeUid, String snapshotUid);

  /**
   * Deletes a snapshot file; its data is merged into the snapshots and the volume built on it
   * (their parent becomes its parent). Does nothing when it is gone.
   */
  void deleteSnapshot(String snapshotUid);

  /** The snapshot the volume's live file sits on, if any. */
  Optional<String> currentSnapshot(String volumeUid);

  /** Every Kumo snapshot file on the host's pools. */
  List<SnapshotFile> listSnapshots();
}
