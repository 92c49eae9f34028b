package dev.kumo.node;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.BackupStorageStatus;
import dev.kumo.api.storage.v1alpha1.StorageCapacity;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.PoolStats;
import dev.kumo.node.driver.StoragePool;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;

/**
 * Serves the BackupStorages whose spec.hostname is this host's management IP: connects the store's
 * directory and reports connection, capacity, image count and Ready. Others are ignored.
 */
@ControllerConfiguration(generationAwareEventProcessing = false)
final class BackupStorageReconciler implements Reconciler<BackupStorage> {
  private final NodeContext node;

  BackupStorageReconciler(NodeContext node) {
    this.node = node;
  }

  /** Whether this daemon serves the store. */
  static boolean serves(NodeContext node, BackupStorage bs) {
    return bs != null
        && bs.getSpec() != null
        && node.config.managementIp().equals(bs.getSpec().hostname);
  }

  static StoragePool store(BackupStorage bs) {
    return new StoragePool(
        bs.getMetadata().getName(),
        bs.getSpec().type == null ? "ImageStore" : bs.getSpec().type.name(),
        bs.getSpec().url);
  }

  @Override
  public UpdateControl<BackupStorage> reconcile(BackupStorage bs, Context<BackupStorage> context) {
    if (!node.alive() || !serves(node, bs) || bs.isMarkedForDeletion()) {
      return UpdateControl.noUpdate();
    }
    StoragePool store = store(bs);
    PoolStats stats;
    int images;
    try {
      stats = node.driver.imageStore().connect(store);
      images = node.driver.imageStore().list(store).size();
    } catch (DriverException e) {
      write(bs, ConnectionStatus.Disconnected, null, null, e.reason(), e.getMessage());
      return UpdateControl.<BackupStorage>noUpdate()
          .rescheduleAfter(node.failed(bs.getMetadata().getUid()));
    }
    node.succeeded(bs.getMetadata().getUid());
    write(bs, ConnectionStatus.Connected, stats, images, "Connected", "served by " + node.host());
    return UpdateControl.noUpdate();
  }

  private void write(
      BackupStorage bs,
      ConnectionStatus connection,
      PoolStats stats,
      Integer images,
      String reason,
      String message) {
    node.status(
        bs,
        b -> {
          if (b.getStatus() == null) {
            b.setStatus(new BackupStorageStatus());
          }
          BackupStorageStatus s = b.getStatus();
          s.connection = connection;
          if (stats != null) {
            StorageCapacity capacity = new StorageCapacity();
            capacity.total = new Quantity(Long.toString(stats.totalBytes()));
            capacity.available = new Quantity(Long.toString(stats.availableBytes()));
            capacity.totalPhysical = capacity.total;
            capacity.availablePhysical = capacity.available;
            s.capacity = capacity;
          }
          if (images != null) {
            s.images = images;
          }
          s.observedGeneration = b.getMetadata().getGeneration();
          Condition ready =
              new Condition(
                  ConditionTypes.READY,
                  connection == ConnectionStatus.Connected
                      ? ConditionStatus.True
                      : ConditionStatus.False,
                  reason,
                  message);
          ready.observedGeneration = b.getMetadata().getGeneration();
          Conditions.set(s.conditions, ready, Instant.now());
          return true;
        });
  }
}
