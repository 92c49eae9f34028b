package dev.kumo.reconcilers.offering;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.storage.v1alpha1.DiskOffering;
import dev.kumo.api.storage.v1alpha1.DiskOfferingStatus;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.reconcilers.infra.Events;
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
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The DiskOffering controller: validity and Enabled/Disabled in Ready, {@code status.volumes}, and
 * in-use protection: while a Volume names the offering in {@code spec.diskOfferingRef}, or a
 * VmInstance in {@code spec.rootDiskOfferingRef} or {@code spec.dataDiskOfferingRefs} (its volumes
 * will be made from it), the offering carries {@link dev.kumo.api.Finalizers#IN_USE}; deleting it
 * then waits, with Ready=False reason InUse naming the users and a Warning Event DeletionBlocked.
 */
@ControllerConfiguration(
    name = DiskOfferingReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class DiskOfferingReconciler implements Reconciler<DiskOffering> {
  /** The controller's name. */
  public static final String NAME = "disk-offering";

  static final String VOLUMES = "disk-offering-volumes";
  static final String VMS = "disk-offering-vms";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public DiskOfferingReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, DiskOffering>> prepareEventSources(
      EventSourceContext<DiskOffering> context) {
    return List.of(
        Informers.source(
            VOLUMES,
            Volume.class,
            context,
            v -> v.getSpec() == null ? Set.of() : Informers.ids(v.getSpec().diskOfferingRef)),
        Informers.source(
            VMS, VmInstance.class, context, vm -> Informers.ids(diskOfferingRefs(vm).toList())));
  }

  /** The disk offerings a VM names. */
  static Stream<String> diskOfferingRefs(VmInstance vm) {
    if (vm.getSpec() == null) {
      return Stream.empty();
    }
    List<String> refs = new ArrayList<>();
    if (vm.getSpec().rootDiskOfferingRef != null) {
      refs.add(vm.getSpec().rootDiskOfferingRef);
    }
    if (vm.getSpec().dataDiskOfferingRefs != null) {
      refs.addAll(vm.getSpec().dataDiskOfferingRefs);
    }
    return refs.stream().filter(Objects::nonNull);
  }

  @Override
  public UpdateControl<DiskOffering> reconcile(
      DiskOffering offering, Context<DiskOffering> context) {
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String name = offering.getMetadata().getName();
    List<Volume> volumes =
        Informers.list(
            context,
            Volume.class,
            VOLUMES,
            v -> v.getSpec() != null && name.equals(v.getSpec().diskOfferingRef));
    List<VmInstance> vms =
        Informers.list(
            context, VmInstance.class, VMS, vm -> diskOfferingRefs(vm).anyMatch(name::equals));
    List<String> users =
        Stream.concat(volumes.stream().map(InUse::user), vms.stream().map(InUse::user))
            .sorted()
            .toList();
    InUse.Decision decision =
        InUse.decide(
            InUse.hasFinalizer(offering), InUse.deleting(offering), !users.isEmpty(), false);
    DiskOffering current = InUse.apply(client, offering, decision);
    if (current == null || (InUse.deleting(current) && !decision.blocked())) {
      return UpdateControl.noUpdate();
    }
    Verdict ready =
        decision.blocked()
            ? Verdict.no("InUse", InUse.blockedMessage(current, users))
            : OfferingRules.ready(
                "disk offering",
                OfferingRules.diskOffering(current.getSpec()),
                current.getSpec() == null ? null : current.getSpec().state);
    Long generation = current.getMetadata().getGeneration();
    Instant now = Instant.now();
    AtomicReference<Condition> before = new AtomicReference<>();
    DiskOffering written =
        Writes.status(
            client,
            current,
            o -> {
              if (o.getStatus() == null) {
                o.setStatus(new DiskOfferingStatus());
              }
              DiskOfferingStatus s = o.getStatus();
              before.set(StatusConditions.find(s, ConditionTypes.READY).orElse(null));
              s.volumes = volumes.size();
              StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
              s.observedGeneration = generation;
              return true;
            });
    if (written != null && decision.blocked() && StatusConditions.changed(before.get(), ready)) {
      Events.record(client, written, Events.WARNING, "DeletionBlocked", ready.message());
    }
    return UpdateControl.noUpdate();
  }
}
