package dev.kumo.reconcilers.infra;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.scheduling.CapacityModel;
import dev.kumo.reconcilers.scheduling.SchedulerConfig;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Host controller: {@code status.connection} from the node daemon's heartbeat Lease (a re-check
 * is scheduled at the instant the lease expires), conditions Connected and Ready, {@code
 * status.capacity} and {@code status.vms}, {@code status.lastHeartbeatTime} on connection
 * transitions, and an Event on each transition to Connected or Disconnected. The node daemon owns
 * {@code status.facts} and {@code status.storage}. Maintenance (moving VMs away) is the VM
 * controller's business. The host is owned by its cluster (ZStack's cascade: deleting a cluster or
 * its zone deletes its hosts; {@link Owners}).
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = HostReconciler.NAME,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 60, timeUnit = TimeUnit.SECONDS))
public class HostReconciler implements Reconciler<Host> {
  /** The controller's name. */
  public static final String NAME = "host";

  static final String LEASES = "host-leases";
  static final String VMS = "host-vms";
  static final String CLUSTERS = "host-clusters";

  /** Slack after a lease's expiry before the re-check, so that the check sees it expired. */
  private static final Duration RECHECK_SLACK = Duration.ofMillis(100);

  private final KubernetesClient client;
  private final SchedulerConfig config;
  private final Clock clock;

  /** A controller writing through {@code client} with the cloud-wide capacity defaults. */
  public HostReconciler(KubernetesClient client, SchedulerConfig config) {
    this(client, config, Clock.systemUTC());
  }

  /** Like {@link #HostReconciler(KubernetesClient, SchedulerConfig)} with a clock for tests. */
  public HostReconciler(KubernetesClient client, SchedulerConfig config, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<EventSource<?, Host>> prepareEventSources(EventSourceContext<Host> context) {
    String prefix = Labels.hostLease("");
    return List.of(
        Informers.source(
            LEASES,
            Lease.class,
            Labels.SYSTEM_NAMESPACE,
            context,
            lease -> {
              String name = lease.getMetadata().getName();
              return name.startsWith(prefix) && name.length() > prefix.length()
                  ? Set.of(new ResourceID(name.substring(prefix.length())))
                  : Set.of();
            }),
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm ->
                vm.getStatus() == null
                    ? Set.of()
                    : Informers.ids(vm.getStatus().hostRef, vm.getStatus().lastHostRef)),
        Informers.source(
            CLUSTERS,
            Cluster.class,
            context,
            cluster ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            h ->
                                h.getSpec() != null
                                    && cluster
                                        .getMetadata()
                                        .getName()
                                        .equals(h.getSpec().clusterRef)))));
  }

  @Override
  public UpdateControl<Host> reconcile(Host current, Context<Host> context) {
    String name = current.getMetadata().getName();
    Instant now = clock.instant();
    Lease lease =
        Informers.get(context, Lease.class, LEASES, Labels.hostLease(name), Labels.SYSTEM_NAMESPACE)
            .orElse(null);
    String clusterRef = current.getSpec() == null ? null : current.getSpec().clusterRef;
    Cluster cluster =
        Informers.get(context, Cluster.class, CLUSTERS, clusterRef, null).orElse(null);
    Host host = Owners.ensure(client, current, Cluster.class, clusterRef, cluster);
    if (host == null) {
      return UpdateControl.noUpdate();
    }
    List<VmInstance> vms =
        Informers.list(
            context,
            VmInstance.class,
            VMS,
            vm -> vm.getStatus() != null && name.equals(vm.getStatus().hostRef));
    HostConnection.Observation seen = HostConnection.observe(lease, name, now);
    Verdict ready = ready(host, clusterRef, cluster != null, seen.status());
    HostCapacities.Used used = HostCapacities.used(name, vms);
    int vmCount = vms.size();
    Long generation = host.getMetadata().getGeneration();

    AtomicReference<ConnectionStatus> before = new AtomicReference<>();
    Host written =
        Writes.status(
            client,
            host,
            h -> {
              if (h.getStatus() == null) {
                h.setStatus(new HostStatus());
              }
              HostStatus s = h.getStatus();
              before.set(s.connection);
              if (s.connection != seen.status()) {
                s.connection = seen.status();
                if (seen.lastHeartbeat() != null) {
                  s.lastHeartbeatTime = seen.lastHeartbeat().toString();
                }
              }
              StatusConditions.put(s, ConditionTypes.CONNECTED, connected(seen), generation, now);
              StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
              CapacityModel.allocatable(h, cluster, config)
                  .ifPresent(total -> s.capacity = HostCapacities.capacity(total, s.facts, used));
              s.vms = vmCount;
              s.observedGeneration = generation;
              return true;
            });
    if (written != null && before.get() != seen.status()) {
      if (seen.status() == ConnectionStatus.Connected) {
        Events.record(client, written, Events.NORMAL, "Connected", seen.message());
      } else if (seen.status() == ConnectionStatus.Disconnected) {
        Events.record(client, written, Events.WARNING, "Disconnected", seen.message());
      }
    }
    if (seen.status() == ConnectionStatus.Connected) {
      return UpdateControl.<Host>noUpdate()
          .rescheduleAfter(seen.remaining(now).plus(RECHECK_SLACK).toMillis());
    }
    return UpdateControl.noUpdate();
  }

  /** The Connected condition for an observation. */
  static Verdict connected(HostConnection.Observation seen) {
    return switch (seen.status()) {
      case Connected -> Verdict.ok(seen.reason(), seen.message());
      case Disconnected -> Verdict.no(seen.reason(), seen.message());
      case Connecting -> new Verdict(ConditionStatus.Unknown, seen.reason(), seen.message());
    };
  }

  /**
   * The Ready condition of a host: its cluster exists, its node daemon is connected and it is
   * Enabled.
   */
  static Verdict ready(
      Host host, String clusterRef, boolean clusterExists, ConnectionStatus connection) {
    if (!clusterExists) {
      return Verdict.no("ClusterNotFound", "Cluster " + clusterRef + " does not exist");
    }
    if (connection != ConnectionStatus.Connected) {
      return Verdict.no(
          connection.name(),
          connection == ConnectionStatus.Connecting
              ? "waiting for the node daemon's first heartbeat"
              : "the node daemon's heartbeat expired");
    }
    MaintainableState state =
        host.getSpec() == null || host.getSpec().state == null
            ? MaintainableState.Enabled
            : host.getSpec().state;
    return switch (state) {
      case Enabled -> Verdict.ok("Connected", "connected and Enabled");
      case Disabled ->
          Verdict.no("Disabled", "connected, but Disabled: no new VMs are placed here");
      case Maintenance ->
          Verdict.no("Maintenance", "connected, but in Maintenance: no new VMs are placed here");
    };
  }
}
