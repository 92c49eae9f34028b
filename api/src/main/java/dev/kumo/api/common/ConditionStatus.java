package dev.kumo.api.common;

/** Whether a condition holds: True, False, or Unknown when it cannot be told. */
public enum ConditionStatus {
  True,
  False,
  Unknown
}
