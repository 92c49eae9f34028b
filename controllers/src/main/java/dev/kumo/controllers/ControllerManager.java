package dev.kumo.controllers;

import dev.kumo.api.Labels;
import dev.kumo.reconcilers.compute.AffinityGroupReconciler;
import dev.kumo.reconcilers.compute.Expunger;
import dev.kumo.reconcilers.compute.VmInstanceReconciler;
import dev.kumo.reconcilers.config.GlobalConfigSource;
import dev.kumo.reconcilers.infra.InfraReconcilers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kumo-controller-manager: every cluster-side reconciler in one JOSDK {@link Operator}, elected
 * leader over the Lease {@code kumo-system/kumo-controller-manager} so that standbys can wait. It
 * talks only to the Kubernetes API and never to a hypervisor.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  /** Name of the leader-election Lease in {@link Labels#SYSTEM_NAMESPACE}. */
  public static final String LEASE = "kumo-controller-manager";

  /**
   * How the controller manager runs.
   *
   * @param identity this replica's name in the leader Lease
   * @param leaderElection whether to elect a leader (off only for a single replica in tests)
   * @param threads concurrent reconciliations
   * @param exitOnLostLeadership exit the JVM when leadership is lost (a process's default: its
   *     caches may be stale, so it restarts as a standby); off when embedded
   */
  public record Options(
      String identity, boolean leaderElection, int threads, boolean exitOnLostLeadership) {
    /** Embedded defaults: leader election on, 32 threads. */
    public static Options defaults(String identity) {
      return new Options(identity, true, 32, false);
    }
  }

  private final Operator operator;
  private final VmInstanceReconciler vms;
  private final GlobalConfigSource config;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kumo-expunger");
            t.setDaemon(true);
            return t;
          });
  private final CountDownLatch leading = new CountDownLatch(1);

  private ControllerManager(KubernetesClient client, Options options) {
    ensureNamespace(client, Labels.SYSTEM_NAMESPACE);
    config = new GlobalConfigSource(client);
    vms = new VmInstanceReconciler(client, config);
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(options.threads())
                  .withCacheSyncTimeout(Duration.ofMinutes(2));
              if (options.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                        .withLeaseNamespace(Labels.SYSTEM_NAMESPACE)
                        .withIdentity(options.identity())
                        .withLeaseDuration(Duration.ofSeconds(15))
                        .withRenewDeadline(Duration.ofSeconds(10))
                        .withRetryPeriod(Duration.ofSeconds(2))
                        .withExitOnStopLeading(options.exitOnLostLeadership())
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  LOG.info("{} is the leader", options.identity());
                                  leading.countDown();
                                },
                                () -> LOG.warn("{} stopped leading", options.identity()),
                                leader -> LOG.info("leader is {}", leader)))
                        .build());
              }
            });
    for (Reconciler<?> r : reconcilers(client, options)) {
      register(r);
    }
    if (!options.leaderElection()) {
      leading.countDown();
    }
  }

  /**
   * Registers a reconciler with retries that never give up (JOSDK's default stops after five
   * attempts and then waits for the next event, which may never come: a VM would stay half-made)
   * and a full pass at least every two minutes as a safety net.
   */
  private <P extends HasMetadata> void register(Reconciler<P> r) {
    operator.register(
        r,
        o ->
            o.withRetry(
                    new GenericRetry()
                        .setInitialInterval(500)
                        .setIntervalMultiplier(2)
                        .setMaxInterval(30_000)
                        .withoutMaxAttempts())
                .withReconciliationMaxInterval(Duration.ofMinutes(2)));
  }

  private List<Reconciler<?>> reconcilers(KubernetesClient client, Options options) {
    List<Reconciler<?>> all = new ArrayList<>();
    all.add(vms);
    all.add(new AffinityGroupReconciler(client));
    all.addAll(InfraReconcilers.all(client, config.get().scheduler()));
    return all;
  }

  /** Registers every reconciler and starts (or, with leader election, starts campaigning). */
  public static ControllerManager start(KubernetesClient client, Options options) {
    ControllerManager cm = new ControllerManager(client, options);
    cm.operator.start();
    cm.scheduleExpunger(new Expunger(client));
    return cm;
  }

  /** Runs the expunger every {@code vm.expungeInterval} while this replica leads. */
  private void scheduleExpunger(Expunger expunger) {
    timers.schedule(
        () -> {
          try {
            if (leading.getCount() == 0) {
              for (String gone : expunger.runOnce(Instant.now())) {
                LOG.info("expunged {}", gone);
              }
            }
          } catch (RuntimeException e) {
            LOG.warn("expunge pass failed: {}", e.toString());
          } finally {
            if (!timers.isShutdown()) {
              scheduleExpunger(expunger);
            }
          }
        },
        config.get().vmExpungeInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Waits until this replica leads; false on timeout. */
  public boolean awaitLeadership(Duration timeout) throws InterruptedException {
    return leading.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The VM reconciler (its capacity ledger is visible to tests and metrics). */
  public VmInstanceReconciler vmReconciler() {
    return vms;
  }

  /** Stops every controller; the leader Lease lapses so a standby takes over. */
  @Override
  public void close() {
    timers.shutdownNow();
    operator.stop();
    config.close();
  }

  static void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() != null) {
      return;
    }
    try {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
