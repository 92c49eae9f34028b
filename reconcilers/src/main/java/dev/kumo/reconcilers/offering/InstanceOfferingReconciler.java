package dev.kumo.reconcilers.offering;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingStatus;
import dev.kumo.api.compute.v1alpha1.VmInstance;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The InstanceOffering controller: validity and Enabled/Disabled in Ready, {@code status.vms}, and
 * in-use protection: while a VmInstance names the offering in {@code spec.instanceOfferingRef} it
 * carries {@link dev.kumo.api.Finalizers#IN_USE}; deleting it then waits, with Ready=False reason
 * InUse naming the VMs and a Warning Event DeletionBlocked.
 */
@ControllerConfiguration(
    name = InstanceOfferingReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class InstanceOfferingReconciler implements Reconciler<InstanceOffering> {
  /** The controller's name. */
  public static final String NAME = "instance-offering";

  static final String VMS = "instance-offering-vms";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public InstanceOfferingReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, InstanceOffering>> prepareEventSources(
      EventSourceContext<InstanceOffering> context) {
    return List.of(
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm ->
                vm.getSpec() == null ? Set.of() : Informers.ids(vm.getSpec().instanceOfferingRef)));
  }

  @Override
  public UpdateControl<InstanceOffering> reconcile(
      InstanceOffering offering, Context<InstanceOffering> context) {
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String name = offering.getMetadata().getName();
    List<VmInstance> vms =
        Informers.list(
            context,
            VmInstance.class,
            VMS,
            vm -> vm.getSpec() != null && name.equals(vm.getSpec().instanceOfferingRef));
    List<String> users = vms.stream().map(InUse::user).sorted().toList();
    InUse.Decision decision =
        InUse.decide(
            InUse.hasFinalizer(offering), InUse.deleting(offering), !users.isEmpty(), false);
    InstanceOffering current = InUse.apply(client, offering, decision);
    if (current == null || (InUse.deleting(current) && !decision.blocked())) {
      return UpdateControl.noUpdate();
    }
    Verdict ready =
        decision.blocked()
            ? Verdict.no("InUse", InUse.blockedMessage(current, users))
            : OfferingRules.ready(
                "instance offering",
                OfferingRules.instanceOffering(current.getSpec()),
                current.getSpec() == null ? null : current.getSpec().state);
    Long generation = current.getMetadata().getGeneration();
    Instant now = Instant.now();
    AtomicReference<Condition> before = new AtomicReference<>();
    InstanceOffering written =
        Writes.status(
            client,
            current,
            o -> {
              if (o.getStatus() == null) {
                o.setStatus(new InstanceOfferingStatus());
              }
              InstanceOfferingStatus s = o.getStatus();
              before.set(StatusConditions.find(s, ConditionTypes.READY).orElse(null));
              s.vms = vms.size();
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
