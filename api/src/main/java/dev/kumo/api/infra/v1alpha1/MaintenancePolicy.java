package dev.kumo.api.infra.v1alpha1;

/** What putting a host into maintenance does with its VMs (ZStack's host.maintenance.policy). */
public enum MaintenancePolicy {
  /** Migrate the VMs; stop those that cannot be migrated. */
  StopVmOnMigrationFailure,
  /** Migrate the VMs; a VM that cannot be migrated blocks maintenance. */
  JustMigrate
}
