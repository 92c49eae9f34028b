package dev.kumo.api.storage.v1alpha1;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.KumoStatus;
import java.util.List;

/** What Kumo observes about a primary storage. */
public class PrimaryStorageStatus extends KumoStatus {
  /** Whether the storage is reachable from the hosts that should reach it. */
  public ConnectionStatus connection;

  /** Capacity summed over the hosts (LocalStorage) or of the share. */
  public StorageCapacity capacity;

  /** Names of the clusters this storage is attached to (from Cluster.spec.primaryStorageRefs). */
  public List<String> clusters;
}
