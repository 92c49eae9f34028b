package dev.kumo.reconcilers.storage;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The controller side of Volumes users create (ZStack's data volumes): a volume no VM has placed
 * yet is NotInstantiated (Ready=False, "waiting to be attached") — the VM reconciler places it on
 * the host and primary storage of the first VM listing it in spec.volumeRefs, and that host's node
 * daemon creates its file; a volume whose VM is gone is detached (status.attachedTo cleared; ZStack
 * detaches data volumes when their VM is destroyed). Everything else of the status is the node
 * daemon's once the volume carries {@code kumo.dev/host}.
 */
@ControllerConfiguration(name = VolumeReconciler.NAME, generationAwareEventProcessing = false)
public class VolumeReconciler implements Reconciler<Volume> {
  /** The controller's name. */
  public static final String NAME = "volume";

  static final String VMS = "volume-vms";
  static final String NOT_INSTANTIATED = "NotInstantiated";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public VolumeReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, Volume>> prepareEventSources(EventSourceContext<Volume> context) {
    return List.of(
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm -> {
              String ns = vm.getMetadata().getNamespace();
              String name = vm.getMetadata().getName();
              Set<ResourceID> ids = new HashSet<>();
              if (vm.getSpec() != null && vm.getSpec().volumeRefs != null) {
                vm.getSpec().volumeRefs.forEach(v -> ids.add(new ResourceID(v, ns)));
              }
              context
                  .getPrimaryCache()
                  .list(
                      v ->
                          ns.equals(v.getMetadata().getNamespace())
                              && v.getStatus() != null
                              && name.equals(v.getStatus().attachedTo))
                  .forEach(v -> ids.add(ResourceID.fromResource(v)));
              return ids;
            }));
  }

  @Override
  public UpdateControl<Volume> reconcile(Volume volume, Context<Volume> context) {
    if (volume.isMarkedForDeletion()) {
      return UpdateControl.noUpdate();
    }
    if (VolumeRules.hostOf(volume) == null) {
      notInstantiated(volume);
    }
    String vm = volume.getStatus() == null ? null : volume.getStatus().attachedTo;
    if (vm != null && !retained(volume) && vmGone(context, volume, vm)) {
      Writes.status(
          client,
          volume,
          v -> {
            if (v.getStatus() == null || !vm.equals(v.getStatus().attachedTo)) {
              return false;
            }
            v.getStatus().attachedTo = null;
            v.getStatus().deviceId = null;
            return true;
          });
    }
    return UpdateControl.noUpdate();
  }

  /** Phase NotInstantiated and Ready=False until a VM places the volume on its host. */
  private void notInstantiated(Volume volume) {
    Long generation = volume.getMetadata().getGeneration();
    Verdict waiting =
        Verdict.no(
            NOT_INSTANTIATED,
            "waiting to be attached: the volume is created on the primary storage (and, for"
                + " LocalStorage, the host) of the first VM listing it in spec.volumeRefs");
    Writes.status(
        client,
        volume,
        v -> {
          if (VolumeRules.hostOf(v) != null) {
            return false; // placed meanwhile: the node daemon reports from now on
          }
          if (v.getStatus() == null) {
            v.setStatus(new VolumeStatus());
          }
          v.getStatus().phase = VolumePhase.NotInstantiated;
          StatusConditions.put(
              v.getStatus(), ConditionTypes.READY, waiting, generation, Instant.now());
          v.getStatus().observedGeneration = generation;
          return true;
        });
  }

  /** Whether the VM the volume is attached to no longer exists (checked live, not in a cache). */
  private boolean vmGone(Context<Volume> context, Volume volume, String vm) {
    String ns = volume.getMetadata().getNamespace();
    if (Informers.get(context, VmInstance.class, VMS, vm, ns).isPresent()) {
      return false;
    }
    return client.resources(VmInstance.class).inNamespace(ns).withName(vm).get() == null;
  }

  /** Kept from a deleted VM under the Delay or Never policy: its successor takes it back. */
  private static boolean retained(Volume v) {
    Map<String, String> a = v.getMetadata().getAnnotations();
    return a != null && a.containsKey(Labels.RETAINED_FROM);
  }
}
