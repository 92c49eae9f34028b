package dev.kumo.reconcilers.storage;

import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.BackupStorageStatus;
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
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The BackupStorage controller, for what the serving node daemon cannot say itself: with no Host
 * whose {@code spec.managementIp} is the storage's {@code spec.hostname}, Ready=False reason
 * NoHostServes; with that host Disconnected, connection Disconnected and Ready=False reason
 * HostDisconnected. While the serving host is Connected its node daemon owns the whole status and
 * this controller writes nothing.
 */
// Aggregates change with every VM, volume or address; at most two status passes a second per
// object keep a storm of N VMs from costing N writes to every host, storage and network.
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = BackupStorageReconciler.NAME,
    generationAwareEventProcessing = false)
public class BackupStorageReconciler implements Reconciler<BackupStorage> {
  /** The controller's name. */
  public static final String NAME = "backup-storage";

  static final String HOSTS = "bs-hosts";

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public BackupStorageReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, BackupStorage>> prepareEventSources(
      EventSourceContext<BackupStorage> context) {
    return List.of(
        Informers.source(
            HOSTS,
            Host.class,
            context,
            h ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            bs ->
                                bs.getSpec() != null
                                    && h.getSpec() != null
                                    && Objects.equals(
                                        bs.getSpec().hostname, h.getSpec().managementIp)))));
  }

  /**
   * What the controller says about a backup storage, or null when its node daemon speaks for it.
   *
   * @param hostname the storage's spec.hostname
   * @param servers the hosts whose management IP is that address
   */
  public static Verdict verdict(String hostname, List<Host> servers) {
    if (servers.isEmpty()) {
      return Verdict.no(
          "NoHostServes", "no Host has management IP " + hostname + " to serve this storage");
    }
    boolean connected =
        servers.stream()
            .anyMatch(
                h ->
                    h.getStatus() != null
                        && h.getStatus().connection == ConnectionStatus.Connected);
    if (connected) {
      return null;
    }
    return Verdict.no(
        "HostDisconnected",
        "Host "
            + servers.get(0).getMetadata().getName()
            + " serving this storage is not connected");
  }

  @Override
  public UpdateControl<BackupStorage> reconcile(BackupStorage bs, Context<BackupStorage> context) {
    String hostname = bs.getSpec().hostname;
    List<Host> servers =
        Informers.list(
            context,
            Host.class,
            HOSTS,
            h -> h.getSpec() != null && hostname.equals(h.getSpec().managementIp));
    Verdict ready = verdict(hostname, servers);
    if (ready == null) {
      return UpdateControl.noUpdate();
    }
    Long generation = bs.getMetadata().getGeneration();
    Instant now = Instant.now();
    Writes.status(
        client,
        bs,
        b -> {
          if (b.getStatus() == null) {
            b.setStatus(new BackupStorageStatus());
          }
          BackupStorageStatus s = b.getStatus();
          if (!servers.isEmpty()) {
            s.connection = ConnectionStatus.Disconnected;
          }
          StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
          s.observedGeneration = generation;
          return true;
        });
    return UpdateControl.noUpdate();
  }
}
