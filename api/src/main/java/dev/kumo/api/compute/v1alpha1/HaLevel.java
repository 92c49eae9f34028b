package dev.kumo.api.compute.v1alpha1;

/** What Kumo does when a VM stops without being asked to (ZStack's HA level). */
public enum HaLevel {
  /** Nothing: the VM stays stopped. */
  None,
  /**
   * Start it again, on another host if its host is confirmed dead (fenced); the VM only stops when
   * spec.state says so.
   */
  NeverStop
}
