package dev.kumo.reconcilers.compute;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityGroupStatus;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An affinity group's members and whether its policy holds: the VMs naming it, and a {@code
 * PolicySatisfied} condition (False when two members share a host under AntiAffinity, or members
 * sit on several hosts under Affinity — possible with Soft mode).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "affinity-group", generationAwareEventProcessing = false)
public final class AffinityGroupReconciler implements Reconciler<AffinityGroup> {
  /** Condition type saying whether the placement of the members keeps the policy. */
  public static final String POLICY_SATISFIED = "PolicySatisfied";

  private final KubernetesClient client;
  private InformerEventSource<VmInstance, AffinityGroup> vms;

  /** A reconciler writing through {@code client}. */
  public AffinityGroupReconciler(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<EventSource<?, AffinityGroup>> prepareEventSources(
      EventSourceContext<AffinityGroup> ctx) {
    vms =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(VmInstance.class, AffinityGroup.class)
                .withName("affinity-vms")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(
                    vm ->
                        vm.getSpec() == null || vm.getSpec().affinityGroupRef == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    vm.getSpec().affinityGroupRef,
                                    vm.getMetadata().getNamespace())))
                .build(),
            ctx);
    return List.of(vms);
  }

  @Override
  public UpdateControl<AffinityGroup> reconcile(AffinityGroup group, Context<AffinityGroup> ctx) {
    String ns = group.getMetadata().getNamespace();
    String name = group.getMetadata().getName();
    List<VmInstance> members =
        vms.list(
                vm ->
                    ns.equals(vm.getMetadata().getNamespace())
                        && vm.getSpec() != null
                        && name.equals(vm.getSpec().affinityGroupRef))
            .toList();
    Condition policy = policy(group, members);
    long generation =
        group.getMetadata().getGeneration() == null ? 0 : group.getMetadata().getGeneration();
    Writes.status(
        client,
        group,
        g -> {
          if (g.getStatus() == null) {
            g.setStatus(new AffinityGroupStatus());
          }
          AffinityGroupStatus s = g.getStatus();
          s.vms = members.stream().map(v -> v.getMetadata().getName()).sorted().toList();
          s.vmCount = members.size();
          s.observedGeneration = generation;
          policy.observedGeneration = generation;
          Conditions.set(s.conditions, policy, Instant.now());
          Condition ready = new Condition(ConditionTypes.READY, ConditionStatus.True, "Ready", "");
          ready.message = members.size() + " VM(s) in the group";
          ready.observedGeneration = generation;
          Conditions.set(s.conditions, ready, Instant.now());
          return true;
        });
    return UpdateControl.noUpdate();
  }

  /** Whether the members' hosts keep the group's policy (unplaced members do not count). */
  static Condition policy(AffinityGroup group, List<VmInstance> members) {
    Map<String, List<String>> byHost = new TreeMap<>();
    for (VmInstance vm : members) {
      String host = vm.getStatus() == null ? null : vm.getStatus().hostRef;
      if (host != null) {
        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(vm.getMetadata().getName());
      }
    }
    AffinityPolicy p = group.getSpec() == null ? null : group.getSpec().policy;
    if (p == AffinityPolicy.AntiAffinity) {
      for (Map.Entry<String, List<String>> e : byHost.entrySet()) {
        if (e.getValue().size() > 1) {
          return new Condition(
              POLICY_SATISFIED,
              ConditionStatus.False,
              "SharedHost",
              e.getValue().stream().sorted().toList() + " share host " + e.getKey());
        }
      }
      return new Condition(
          POLICY_SATISFIED, ConditionStatus.True, "Apart", "every member is on its own host");
    }
    if (p == AffinityPolicy.Affinity && byHost.size() > 1) {
      return new Condition(
          POLICY_SATISFIED,
          ConditionStatus.False,
          "SeveralHosts",
          "members are spread over " + byHost.keySet());
    }
    return new Condition(
        POLICY_SATISFIED, ConditionStatus.True, "Together", "the members share a host");
  }
}
