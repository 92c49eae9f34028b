package dev.kumo.reconcilers.storage;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshot;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshotStatus;
import dev.kumo.reconcilers.infra.Events;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * The controller side of VolumeSnapshots: a snapshot of an instantiated volume is owned by the
 * volume (deleting a volume deletes its snapshots, as ZStack's VolumeSnapshot cascade) and labelled
 * {@code kumo.dev/host} with the volume's host and {@code kumo.dev/volume} with its name, so the
 * node daemon of that host takes it; a snapshot of a missing or NotInstantiated volume stays Ready=
 * False (VolumeNotFound, VolumeNotInstantiated). Deleting a snapshot deletes its descendants, as on
 * ZStack's LocalStorage, NFS and SharedMountPoint where snapshots form a tree: a snapshot whose
 * parent is gone or being deleted is deleted. Phase, file and tree fields are the node daemon's.
 */
@ControllerConfiguration(
    name = VolumeSnapshotReconciler.NAME,
    generationAwareEventProcessing = false)
public class VolumeSnapshotReconciler implements Reconciler<VolumeSnapshot> {
  /** The controller's name. */
  public static final String NAME = "volume-snapshot";

  static final String VOLUMES = "snapshot-volumes";
  static final String PARENTS = "snapshot-parents";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public VolumeSnapshotReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, VolumeSnapshot>> prepareEventSources(
      EventSourceContext<VolumeSnapshot> context) {
    var snapshots = context.getPrimaryCache();
    return List.of(
        Informers.source(
            VOLUMES,
            Volume.class,
            context,
            v ->
                Informers.idsOf(
                    snapshots.list(
                        s ->
                            Objects.equals(
                                    s.getMetadata().getNamespace(), v.getMetadata().getNamespace())
                                && v.getMetadata().getName().equals(s.getSpec().volumeRef)))),
        // a snapshot's change (its deletion above all) wakes its children
        Informers.source(
            PARENTS,
            VolumeSnapshot.class,
            context,
            p ->
                Informers.idsOf(
                    snapshots.list(
                        s ->
                            Objects.equals(
                                    s.getMetadata().getNamespace(), p.getMetadata().getNamespace())
                                && s.getStatus() != null
                                && p.getMetadata().getName().equals(s.getStatus().parent)))));
  }

  @Override
  public UpdateControl<VolumeSnapshot> reconcile(
      VolumeSnapshot snapshot, Context<VolumeSnapshot> context) {
    if (snapshot.isMarkedForDeletion()) {
      return UpdateControl.noUpdate();
    }
    String ns = snapshot.getMetadata().getNamespace();
    String volumeName = snapshot.getSpec().volumeRef;
    Volume volume = Informers.get(context, Volume.class, VOLUMES, volumeName, ns).orElse(null);
    VolumeRules.SnapshotPlace place = VolumeRules.snapshotPlace(volumeName, ns, volume);
    if (volume != null && volume.getMetadata().getDeletionTimestamp() == null) {
      own(snapshot, volume, place);
    }
    if (place instanceof VolumeRules.Waiting w && label(snapshot, Labels.HOST) == null) {
      waiting(snapshot, w);
    }
    String parent = snapshot.getStatus() == null ? null : snapshot.getStatus().parent;
    if (parent != null) {
      VolumeSnapshot p =
          Informers.get(context, VolumeSnapshot.class, PARENTS, parent, ns).orElse(null);
      if (p == null || p.isMarkedForDeletion()) {
        client.resource(snapshot).delete();
        Events.record(
            client,
            snapshot,
            Events.NORMAL,
            "ParentDeleted",
            "snapshot "
                + parent
                + " is deleted, and with it its descendants (a volume's snapshots form a tree)");
      }
    }
    return UpdateControl.noUpdate();
  }

  /** Owner reference to the volume; once it is placed, the host and volume labels. */
  private void own(VolumeSnapshot snapshot, Volume volume, VolumeRules.SnapshotPlace place) {
    String host = place instanceof VolumeRules.OnHost on ? on.host() : null;
    String volumeUid = volume.getMetadata().getUid();
    Writes.object(
        client,
        snapshot,
        s -> {
          List<OwnerReference> refs =
              s.getMetadata().getOwnerReferences() == null
                  ? new ArrayList<>()
                  : new ArrayList<>(s.getMetadata().getOwnerReferences());
          if (refs.stream().noneMatch(r -> volumeUid.equals(r.getUid()))) {
            refs.add(
                new OwnerReferenceBuilder()
                    .withApiVersion(volume.getApiVersion())
                    .withKind(volume.getKind())
                    .withName(volume.getMetadata().getName())
                    .withUid(volumeUid)
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build());
            s.getMetadata().setOwnerReferences(refs);
          }
          if (s.getMetadata().getLabels() == null) {
            s.getMetadata().setLabels(new HashMap<>());
          }
          s.getMetadata().getLabels().put(Labels.VOLUME, volume.getMetadata().getName());
          if (host != null) {
            // once taken, a snapshot stays with the node daemon that holds its file
            s.getMetadata().getLabels().putIfAbsent(Labels.HOST, host);
          }
          return true;
        });
  }

  private void waiting(VolumeSnapshot snapshot, VolumeRules.Waiting w) {
    Long generation = snapshot.getMetadata().getGeneration();
    Writes.status(
        client,
        snapshot,
        s -> {
          if (label(s, Labels.HOST) != null) {
            return false; // taken by a node daemon meanwhile
          }
          if (s.getStatus() == null) {
            s.setStatus(new VolumeSnapshotStatus());
          }
          StatusConditions.put(
              s.getStatus(),
              ConditionTypes.READY,
              Verdict.no(w.reason(), w.message()),
              generation,
              Instant.now());
          s.getStatus().observedGeneration = generation;
          return true;
        });
  }

  private static String label(VolumeSnapshot s, String key) {
    var labels = s.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
