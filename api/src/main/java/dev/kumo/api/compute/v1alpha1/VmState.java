package dev.kumo.api.compute.v1alpha1;

/** The state of a VM as ZStack administrators know it. */
public enum VmState {
  Created,
  Starting,
  Running,
  Stopping,
  Stopped,
  Pausing,
  Paused,
  Resuming,
  Rebooting,
  Migrating,
  Destroying,
  Destroyed,
  Unknown,
  Error
}
