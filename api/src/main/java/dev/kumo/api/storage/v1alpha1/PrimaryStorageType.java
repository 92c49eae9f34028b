package dev.kumo.api.storage.v1alpha1;

/** Kinds of primary storage. */
public enum PrimaryStorageType {
  /** A directory on each host's own disks; volumes stay with their host. */
  LocalStorage,
  /** An NFS export mounted by every host of the attached clusters. */
  NFS,
  /** A directory every host of the attached clusters already has mounted (e.g. a cluster FS). */
  SharedMountPoint
}
