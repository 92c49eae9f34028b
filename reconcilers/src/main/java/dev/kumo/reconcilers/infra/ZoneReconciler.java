package dev.kumo.reconcilers.infra;

import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.infra.v1alpha1.ZoneStatus;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Zone controller: {@code status.clusters} and {@code status.hosts}, and Ready (reason Enabled
 * or Disabled).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = ZoneReconciler.NAME,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class ZoneReconciler implements Reconciler<Zone> {
  /** The controller's name. */
  public static final String NAME = "zone";

  static final String CLUSTERS = "zone-clusters";
  static final String HOSTS = "zone-hosts";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public ZoneReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, Zone>> prepareEventSources(EventSourceContext<Zone> context) {
    InformerEventSource<Cluster, Zone> clusters =
        Informers.source(
            CLUSTERS,
            Cluster.class,
            context,
            c -> c.getSpec() == null ? Set.of() : Informers.ids(c.getSpec().zoneRef));
    // a host counts in the zone of its cluster; without the cluster, every zone is re-counted
    InformerEventSource<Host, Zone> hosts =
        Informers.source(
            HOSTS,
            Host.class,
            context,
            h -> {
              String clusterRef = h.getSpec() == null ? null : h.getSpec().clusterRef;
              return clusterRef == null
                  ? Informers.idsOf(context.getPrimaryCache().list(z -> true))
                  : clusters
                      .get(new ResourceID(clusterRef))
                      .filter(c -> c.getSpec() != null)
                      .map(c -> Informers.ids(c.getSpec().zoneRef))
                      .orElseGet(() -> Informers.idsOf(context.getPrimaryCache().list(z -> true)));
            });
    return List.of(clusters, hosts);
  }

  @Override
  public UpdateControl<Zone> reconcile(Zone zone, Context<Zone> context) {
    String name = zone.getMetadata().getName();
    Aggregates.ZoneCounts counts =
        Aggregates.zone(
            name,
            Informers.list(context, Cluster.class, CLUSTERS, c -> true),
            Informers.list(context, Host.class, HOSTS, h -> true));
    Verdict ready =
        Aggregates.adminState("zone", zone.getSpec() == null ? null : zone.getSpec().state);
    Long generation = zone.getMetadata().getGeneration();
    Instant now = Instant.now();
    Writes.status(
        client,
        zone,
        z -> {
          if (z.getStatus() == null) {
            z.setStatus(new ZoneStatus());
          }
          ZoneStatus s = z.getStatus();
          s.clusters = counts.clusters();
          s.hosts = counts.hosts();
          StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
          s.observedGeneration = generation;
          return true;
        });
    return UpdateControl.noUpdate();
  }
}
