package dev.kumo.api.compute.v1alpha1;

/** The power state a VM should be in. */
public enum PowerState {
  Running,
  Stopped,
  Paused
}
