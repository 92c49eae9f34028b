package dev.kumo.api.storage.v1alpha1;

/** Kinds of backup storage. */
public enum BackupStorageType {
  /** A directory of image files on a host, served over HTTP by its node daemon. */
  ImageStore
}
