package dev.kumo.reconcilers.network;

import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L2NetworkStatus;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.Owners;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The L2Network controller: {@code status.clusters} (the clusters whose {@code spec.l2NetworkRefs}
 * name it) and Ready: ZoneNotFound, or for a Vxlan network L2NetworkNotFound (its pool),
 * InvalidPool, VniOutOfRange or VniInUse ({@link L2Rules}). The network is owned by its zone
 * (ZStack's cascade: deleting a zone deletes its L2 networks and so their L3 networks; {@link
 * Owners}).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = L2NetworkReconciler.NAME, generationAwareEventProcessing = false)
public class L2NetworkReconciler implements Reconciler<L2Network> {
  /** The controller's name. */
  public static final String NAME = "l2-network";

  static final String CLUSTERS = "l2-clusters";
  static final String ZONES = "l2-zones";
  static final String ALL_L2 = "l2-all";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public L2NetworkReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, L2Network>> prepareEventSources(
      EventSourceContext<L2Network> context) {
    return List.of(
        // a cluster may have dropped a network from its list: every network is looked at again
        Informers.source(
            CLUSTERS,
            Cluster.class,
            context,
            c -> Informers.idsOf(context.getPrimaryCache().list(l2 -> true))),
        Informers.source(
            ZONES,
            Zone.class,
            context,
            z ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            l2 ->
                                l2.getSpec() != null
                                    && z.getMetadata().getName().equals(l2.getSpec().zoneRef)))),
        // a pool's ranges and its Vxlan networks' VNIs are checked against each other
        Informers.source(
            ALL_L2,
            L2Network.class,
            context,
            changed ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            l2 ->
                                l2.getSpec() != null
                                    && changed.getSpec() != null
                                    && (changed.getMetadata().getName().equals(l2.getSpec().poolRef)
                                        || (changed.getSpec().poolRef != null
                                            && changed
                                                .getSpec()
                                                .poolRef
                                                .equals(l2.getSpec().poolRef)))))));
  }

  @Override
  public UpdateControl<L2Network> reconcile(L2Network current, Context<L2Network> context) {
    String name = current.getMetadata().getName();
    Zone zone =
        Informers.get(context, Zone.class, ZONES, current.getSpec().zoneRef, null).orElse(null);
    L2Network l2 = Owners.ensure(client, current, Zone.class, current.getSpec().zoneRef, zone);
    if (l2 == null) {
      return UpdateControl.noUpdate();
    }
    List<String> clusters =
        Informers.list(
                context,
                Cluster.class,
                CLUSTERS,
                c ->
                    c.getSpec() != null
                        && c.getSpec().l2NetworkRefs != null
                        && c.getSpec().l2NetworkRefs.contains(name))
            .stream()
            .map(c -> c.getMetadata().getName())
            .sorted()
            .toList();
    Verdict ready =
        zone != null
            ? L2Rules.ready(l2, Informers.list(context, L2Network.class, ALL_L2, o -> true))
            : Verdict.no("ZoneNotFound", "Zone " + l2.getSpec().zoneRef + " does not exist");
    Long generation = l2.getMetadata().getGeneration();
    Instant now = Instant.now();
    Writes.status(
        client,
        l2,
        n -> {
          if (n.getStatus() == null) {
            n.setStatus(new L2NetworkStatus());
          }
          L2NetworkStatus s = n.getStatus();
          s.clusters = clusters;
          StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
          s.observedGeneration = generation;
          return true;
        });
    return UpdateControl.noUpdate();
  }
}
