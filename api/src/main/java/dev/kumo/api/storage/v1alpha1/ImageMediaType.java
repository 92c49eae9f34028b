package dev.kumo.api.storage.v1alpha1;

/** What an image is used for. */
public enum ImageMediaType {
  /** The template a VM's root volume is cloned from. */
  RootVolumeTemplate,
  /** The template a data volume is cloned from. */
  DataVolumeTemplate,
  /** A CD-ROM image a VM boots or installs from. */
  ISO
}
