package dev.kumo.api.compute.v1alpha1;

/** Whether an affinity group's VMs are kept together or apart. */
public enum AffinityPolicy {
  /** On the same host. */
  Affinity,
  /** Each on a different host. */
  AntiAffinity
}
