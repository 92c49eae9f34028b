package dev.kumo.api.storage.v1alpha1;

/** On-disk format of an image or volume. */
public enum ImageFormat {
  qcow2,
  raw,
  iso
}
