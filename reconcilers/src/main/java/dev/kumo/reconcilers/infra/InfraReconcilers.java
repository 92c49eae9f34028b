package dev.kumo.reconcilers.infra;

import dev.kumo.reconcilers.network.IpAddressReconciler;
import dev.kumo.reconcilers.network.L2NetworkReconciler;
import dev.kumo.reconcilers.network.L3NetworkReconciler;
import dev.kumo.reconcilers.offering.DiskOfferingReconciler;
import dev.kumo.reconcilers.offering.InstanceOfferingReconciler;
import dev.kumo.reconcilers.scheduling.SchedulerConfig;
import dev.kumo.reconcilers.storage.BackupStorageReconciler;
import dev.kumo.reconcilers.storage.ImageReconciler;
import dev.kumo.reconcilers.storage.PrimaryStorageReconciler;
import dev.kumo.reconcilers.storage.VolumeReconciler;
import dev.kumo.reconcilers.storage.VolumeSnapshotReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.util.List;

/**
 * The reconcilers of the infrastructure kinds, for the controller manager to register ({@code
 * operator.register(r)} each). Their configuration (name, {@code generationAwareEventProcessing =
 * false}, {@code triggerReconcilerOnAllEvents} for the in-use finalizers, periodic resync) is on
 * their {@code @ControllerConfiguration}; all are cluster-scoped and need no namespace setting.
 */
public final class InfraReconcilers {
  private InfraReconcilers() {}

  /**
   * Zone, Cluster, Host, PrimaryStorage, BackupStorage, Image (in-use protection), offerings, L2,
   * L3, IpAddress, Volume and VolumeSnapshot.
   */
  public static List<Reconciler<?>> all(KubernetesClient client, SchedulerConfig config) {
    return List.of(
        new ZoneReconciler(client),
        new ClusterReconciler(client),
        new HostReconciler(client, config),
        new PrimaryStorageReconciler(client, config),
        new BackupStorageReconciler(client),
        new ImageReconciler(client),
        new InstanceOfferingReconciler(client),
        new DiskOfferingReconciler(client),
        new L2NetworkReconciler(client),
        new L3NetworkReconciler(client),
        new IpAddressReconciler(client),
        new VolumeReconciler(client),
        new VolumeSnapshotReconciler(client));
  }
}
