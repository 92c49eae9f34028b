package dev.kumo.api.storage.v1alpha1;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about a backup storage. */
public class BackupStorageStatus extends KumoStatus {
  /** Whether the serving node daemon is reachable. */
  public ConnectionStatus connection;

  /** Capacity of the directory's filesystem. */
  public StorageCapacity capacity;

  /** Number of images stored. */
  public Integer images;
}
