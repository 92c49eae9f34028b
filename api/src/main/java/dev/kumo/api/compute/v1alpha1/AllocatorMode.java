package dev.kumo.api.compute.v1alpha1;

/** Whether a placement preference must hold (Hard) or is only preferred (Soft). */
public enum AllocatorMode {
  /** Fail the placement when the preference cannot be met. */
  Hard,
  /** Place anyway, as close to the preference as possible. */
  Soft
}
