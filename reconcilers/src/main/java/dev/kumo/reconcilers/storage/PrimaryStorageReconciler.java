package dev.kumo.reconcilers.storage;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageStatus;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.reconcilers.infra.Events;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.Owners;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.scheduling.SchedulerConfig;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The PrimaryStorage controller: {@code status.clusters}, {@code connection}, {@code capacity},
 * Ready (ZoneNotFound, NotAttached, Maintenance, Disabled, Connecting, Disconnected or Enabled) and
 * condition {@value PrimaryStorageRules#PHYSICAL_CAPACITY}, with a Warning Event when physical
 * usage crosses the threshold ({@link PrimaryStorageRules}). The storage is owned by its zone
 * (ZStack's cascade: deleting a zone deletes its primary storage; {@link Owners}).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = PrimaryStorageReconciler.NAME,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 60, timeUnit = TimeUnit.SECONDS))
public class PrimaryStorageReconciler implements Reconciler<PrimaryStorage> {
  /** The controller's name. */
  public static final String NAME = "primary-storage";

  static final String CLUSTERS = "ps-clusters";
  static final String HOSTS = "ps-hosts";
  static final String VOLUMES = "ps-volumes";
  static final String ZONES = "ps-zones";

  private final KubernetesClient client;
  private final SchedulerConfig config;

  /** A controller writing through {@code client}, with the cloud-wide physical threshold. */
  public PrimaryStorageReconciler(KubernetesClient client, SchedulerConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public List<EventSource<?, PrimaryStorage>> prepareEventSources(
      EventSourceContext<PrimaryStorage> context) {
    return List.of(
        // attachments and host reports may drop a storage: every storage is looked at again
        Informers.source(
            CLUSTERS,
            Cluster.class,
            context,
            c -> Informers.idsOf(context.getPrimaryCache().list(ps -> true))),
        Informers.source(
            HOSTS,
            Host.class,
            context,
            h -> Informers.idsOf(context.getPrimaryCache().list(ps -> true))),
        Informers.source(
            VOLUMES,
            Volume.class,
            context,
            v ->
                Informers.ids(
                    v.getStatus() == null ? null : v.getStatus().primaryStorageRef,
                    v.getSpec() == null ? null : v.getSpec().primaryStorageRef)),
        Informers.source(
            ZONES,
            Zone.class,
            context,
            z ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            ps ->
                                ps.getSpec() != null
                                    && z.getMetadata().getName().equals(ps.getSpec().zoneRef)))));
  }

  /** The storage a volume is on: where its node daemon put it, else where it was asked to go. */
  static String storageOf(Volume v) {
    if (v.getStatus() != null && v.getStatus().primaryStorageRef != null) {
      return v.getStatus().primaryStorageRef;
    }
    return v.getSpec() == null ? null : v.getSpec().primaryStorageRef;
  }

  @Override
  public UpdateControl<PrimaryStorage> reconcile(
      PrimaryStorage current, Context<PrimaryStorage> context) {
    String name = current.getMetadata().getName();
    Zone zone =
        Informers.get(context, Zone.class, ZONES, current.getSpec().zoneRef, null).orElse(null);
    PrimaryStorage ps = Owners.ensure(client, current, Zone.class, current.getSpec().zoneRef, zone);
    if (ps == null) {
      return UpdateControl.noUpdate();
    }
    PrimaryStorageRules.Result result =
        PrimaryStorageRules.evaluate(
            ps,
            zone != null,
            Informers.list(context, Cluster.class, CLUSTERS, c -> true),
            Informers.list(context, Host.class, HOSTS, h -> true),
            Informers.list(context, Volume.class, VOLUMES, v -> name.equals(storageOf(v))),
            ps.getStatus() == null ? null : ps.getStatus().connection,
            config.primaryStoragePhysicalThreshold());
    Long generation = ps.getMetadata().getGeneration();
    Instant now = Instant.now();
    AtomicReference<Condition> before = new AtomicReference<>();
    PrimaryStorage written =
        Writes.status(
            client,
            ps,
            p -> {
              if (p.getStatus() == null) {
                p.setStatus(new PrimaryStorageStatus());
              }
              PrimaryStorageStatus s = p.getStatus();
              before.set(
                  StatusConditions.find(s, PrimaryStorageRules.PHYSICAL_CAPACITY).orElse(null));
              s.clusters = result.clusters();
              s.connection = result.connection();
              if (result.capacity() != null) {
                s.capacity = result.capacity();
                StatusConditions.put(
                    s, PrimaryStorageRules.PHYSICAL_CAPACITY, result.physical(), generation, now);
              }
              StatusConditions.put(s, ConditionTypes.READY, result.ready(), generation, now);
              s.observedGeneration = generation;
              return true;
            });
    if (written != null
        && result.physical() != null
        && !result.physical().isTrue()
        && (before.get() == null || before.get().isTrue())) {
      Events.record(
          client,
          written,
          Events.WARNING,
          "PhysicalThresholdExceeded",
          result.physical().message());
    }
    return UpdateControl.noUpdate();
  }
}
