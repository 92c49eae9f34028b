package dev.kumo.api.storage.v1alpha1;

/** Whether a volume is a VM's boot disk or an extra disk. */
public enum VolumeType {
  Root,
  Data
}
