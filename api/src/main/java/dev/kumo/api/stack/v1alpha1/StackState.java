package dev.kumo.api.stack.v1alpha1;

/** Where a stack is in its life. */
public enum StackState {
  Planned,
  Creating,
  Created,
  Updating,
  Failed,
  RollingBack,
  RolledBack,
  Deleting
}
