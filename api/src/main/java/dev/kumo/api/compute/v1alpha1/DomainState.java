package dev.kumo.api.compute.v1alpha1;

/** What a host's hypervisor reports about a VM's domain. */
public enum DomainState {
  /** The domain runs. */
  Running,
  /** The domain is suspended. */
  Paused,
  /** The domain is defined but not running. */
  Stopped,
  /** The domain stopped without being asked to. */
  Crashed,
  /** The host has no domain for the VM. */
  Absent,
  /** The hypervisor failed to carry out the last step; the message says why. */
  Failed
}
