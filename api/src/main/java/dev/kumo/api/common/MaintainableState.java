package dev.kumo.api.common;

/** Administrative state of hosts and primary storage, which can also be put into maintenance. */
public enum MaintainableState {
  /** In service. */
  Enabled,
  /** No new allocations; what exists keeps running. */
  Disabled,
  /** Being emptied for maintenance: VMs are migrated away or stopped. */
  Maintenance
}
