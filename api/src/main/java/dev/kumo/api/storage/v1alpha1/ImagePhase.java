package dev.kumo.api.storage.v1alpha1;

/** Where an image is in its life (ZStack's ImageStatus). */
public enum ImagePhase {
  Creating,
  Downloading,
  Ready,
  Error,
  Deleted
}
