package dev.kumo.api.common;

/** Administrative state of zones, clusters, backup storage, images and networks. */
public enum AdminState {
  /** In service: new resources may be placed on or allocated from it. */
  Enabled,
  /** Out of service for new allocations; what exists keeps running. */
  Disabled
}
