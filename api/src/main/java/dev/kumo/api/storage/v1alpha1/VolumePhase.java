package dev.kumo.api.storage.v1alpha1;

/** Where a volume is in its life (ZStack's VolumeStatus). */
public enum VolumePhase {
  /** Recorded, but no file exists yet: it is made when first attached or when its VM starts. */
  NotInstantiated,
  Creating,
  Ready,
  Migrating,
  Deleting,
  Error
}
