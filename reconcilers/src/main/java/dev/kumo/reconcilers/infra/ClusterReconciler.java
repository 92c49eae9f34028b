package dev.kumo.reconcilers.infra;

import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.ClusterStatus;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Cluster controller: {@code status.hosts}, {@code status.connectedHosts} and {@code
 * status.vms}; Ready=False with reason ZoneNotFound, PrimaryStorageNotFound or L2NetworkNotFound
 * while a reference is missing, else reason Enabled or Disabled. The cluster is owned by its zone
 * (ZStack's cascade: deleting a zone deletes its clusters; {@link Owners}).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = ClusterReconciler.NAME,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 60, timeUnit = TimeUnit.SECONDS))
public class ClusterReconciler implements Reconciler<Cluster> {
  /** The controller's name. */
  public static final String NAME = "cluster";

  static final String ZONES = "cluster-zones";
  static final String HOSTS = "cluster-hosts";
  static final String VMS = "cluster-vms";
  static final String PRIMARY_STORAGE = "cluster-primary-storage";
  static final String L2_NETWORKS = "cluster-l2-networks";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public ClusterReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
    return List.of(
        Informers.source(
            ZONES,
            Zone.class,
            context,
            z ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            c ->
                                c.getSpec() != null
                                    && z.getMetadata().getName().equals(c.getSpec().zoneRef)))),
        Informers.source(
            HOSTS,
            Host.class,
            context,
            h -> h.getSpec() == null ? Set.of() : Informers.ids(h.getSpec().clusterRef)),
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm -> vm.getStatus() == null ? Set.of() : Informers.ids(vm.getStatus().clusterRef)),
        Informers.source(
            PRIMARY_STORAGE,
            PrimaryStorage.class,
            context,
            ps -> referring(context, ps, c -> c.getSpec().primaryStorageRefs)),
        Informers.source(
            L2_NETWORKS,
            L2Network.class,
            context,
            l2 -> referring(context, l2, c -> c.getSpec().l2NetworkRefs)));
  }

  private static Set<ResourceID> referring(
      EventSourceContext<Cluster> context,
      HasMetadata target,
      Function<Cluster, List<String>> refs) {
    return Informers.idsOf(
        context
            .getPrimaryCache()
            .list(
                c ->
                    c.getSpec() != null
                        && refs.apply(c) != null
                        && refs.apply(c).contains(target.getMetadata().getName())));
  }

  @Override
  public UpdateControl<Cluster> reconcile(Cluster current, Context<Cluster> context) {
    String name = current.getMetadata().getName();
    Zone zone =
        Informers.get(context, Zone.class, ZONES, current.getSpec().zoneRef, null).orElse(null);
    Cluster cluster = Owners.ensure(client, current, Zone.class, current.getSpec().zoneRef, zone);
    if (cluster == null) {
      return UpdateControl.noUpdate();
    }
    List<String> missingPs =
        Aggregates.missing(
            cluster.getSpec().primaryStorageRefs,
            names(Informers.list(context, PrimaryStorage.class, PRIMARY_STORAGE, p -> true)));
    List<String> missingL2 =
        Aggregates.missing(
            cluster.getSpec().l2NetworkRefs,
            names(Informers.list(context, L2Network.class, L2_NETWORKS, l -> true)));
    Aggregates.ClusterCounts counts =
        Aggregates.cluster(
            name,
            Informers.list(context, Host.class, HOSTS, h -> true),
            Informers.list(
                context,
                VmInstance.class,
                VMS,
                vm -> vm.getStatus() != null && name.equals(vm.getStatus().clusterRef)));
    Verdict ready = Aggregates.clusterReady(cluster, zone != null, missingPs, missingL2);
    Long generation = cluster.getMetadata().getGeneration();
    Instant now = Instant.now();
    Writes.status(
        client,
        cluster,
        c -> {
          if (c.getStatus() == null) {
            c.setStatus(new ClusterStatus());
          }
          ClusterStatus s = c.getStatus();
          s.hosts = counts.hosts();
          s.connectedHosts = counts.connectedHosts();
          s.vms = counts.vms();
          StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
          s.observedGeneration = generation;
          return true;
        });
    return UpdateControl.noUpdate();
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
  }
}
