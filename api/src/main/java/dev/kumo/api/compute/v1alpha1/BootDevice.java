package dev.kumo.api.compute.v1alpha1;

/** A device a VM can boot from. */
public enum BootDevice {
  HardDisk,
  CdRom,
  Network
}
