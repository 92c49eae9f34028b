package dev.kumo.reconcilers.storage;

import dev.kumo.api.common.Condition;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImageStatus;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.reconcilers.infra.Events;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.offering.InUse;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The controller's part of an Image: in-use protection. While a VmInstance or a Volume names the
 * image in {@code spec.imageRef} it carries {@link dev.kumo.api.Finalizers#IN_USE}; deleting it
 * then waits, with condition {@value #DELETION_BLOCKED}=True reason InUse naming the users and a
 * Warning Event DeletionBlocked, until the last of them is gone. Everything else in the image's
 * status (phase, progress, sizes, copies, Ready) is written by the node daemon serving its backup
 * storage, which removes the image's files once the image is gone.
 */
@ControllerConfiguration(
    name = ImageReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class ImageReconciler implements Reconciler<Image> {
  /** The controller's name. */
  public static final String NAME = "image";

  /** Condition type of an image whose deletion waits for its users (Ready is the node daemon's). */
  public static final String DELETION_BLOCKED = "DeletionBlocked";

  static final String VMS = "image-vms";
  static final String VOLUMES = "image-volumes";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public ImageReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, Image>> prepareEventSources(EventSourceContext<Image> context) {
    return List.of(
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm -> vm.getSpec() == null ? Set.of() : Informers.ids(vm.getSpec().imageRef)),
        Informers.source(
            VOLUMES,
            Volume.class,
            context,
            v -> v.getSpec() == null ? Set.of() : Informers.ids(v.getSpec().imageRef)));
  }

  @Override
  public UpdateControl<Image> reconcile(Image image, Context<Image> context) {
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String name = image.getMetadata().getName();
    List<String> users =
        Stream.concat(
                Informers.list(
                        context,
                        VmInstance.class,
                        VMS,
                        vm -> vm.getSpec() != null && name.equals(vm.getSpec().imageRef))
                    .stream()
                    .map(InUse::user),
                Informers.list(
                        context,
                        Volume.class,
                        VOLUMES,
                        v -> v.getSpec() != null && name.equals(v.getSpec().imageRef))
                    .stream()
                    .map(InUse::user))
            .sorted()
            .toList();
    InUse.Decision decision =
        InUse.decide(InUse.hasFinalizer(image), InUse.deleting(image), !users.isEmpty(), false);
    Image current = InUse.apply(client, image, decision);
    if (current == null || !decision.blocked()) {
      return UpdateControl.noUpdate();
    }
    Verdict blocked = Verdict.ok("InUse", InUse.blockedMessage(current, users));
    Long generation = current.getMetadata().getGeneration();
    Instant now = Instant.now();
    AtomicReference<Condition> before = new AtomicReference<>();
    Image written =
        Writes.status(
            client,
            current,
            i -> {
              if (i.getStatus() == null) {
                i.setStatus(new ImageStatus());
              }
              before.set(StatusConditions.find(i.getStatus(), DELETION_BLOCKED).orElse(null));
              StatusConditions.put(i.getStatus(), DELETION_BLOCKED, blocked, generation, now);
              return true;
            });
    if (written != null && StatusConditions.changed(before.get(), blocked)) {
      Events.record(client, written, Events.WARNING, "DeletionBlocked", blocked.message());
    }
    return UpdateControl.noUpdate();
  }
}
