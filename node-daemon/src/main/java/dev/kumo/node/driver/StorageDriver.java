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
}
