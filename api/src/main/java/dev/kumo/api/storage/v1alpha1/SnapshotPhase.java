package dev.kumo.api.storage.v1alpha1;

/** Where a snapshot is in its life. */
public enum SnapshotPhase {
  Creating,
  Ready,
  Deleting,
  Error
}
