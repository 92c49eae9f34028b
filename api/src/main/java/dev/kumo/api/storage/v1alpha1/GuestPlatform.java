package dev.kumo.api.storage.v1alpha1;

/** The guest operating system family, which decides device models and drivers. */
public enum GuestPlatform {
  Linux,
  Windows,
  WindowsVirtio,
  Other,
  Paravirtualization
}
