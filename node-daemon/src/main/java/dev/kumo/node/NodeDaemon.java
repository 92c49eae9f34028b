package dev.kumo.node;

import dev.kumo.api.Labels;
import dev.kumo.node.driver.NodeDriver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon of one host (DESIGN §5): registers or claims its Host, heartbeats its Lease,
 * reports facts and storage, and reconciles — through its {@link NodeDriver} — only what is
 * assigned to its host: VmInstances, Volumes and VolumeSnapshots labelled {@code
 * kumo.dev/host=<host>}, and the BackupStorages (with their Images) whose spec.hostname is its
 * management IP. Several daemons can share a JVM; each has its own JOSDK {@link Operator}, threads
 * and driver.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} stops it gracefully; {@link #kill()} stops
 * it abruptly (no more writes or heartbeats from that instant, as {@code kill -9} would). The
 * client and the driver belong to the caller and are not closed.
 */
public final class NodeDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDaemon.class);

  private final NodeDaemonConfig config;
  private final NodeContext node;
  private final HostAgent agent;
  private final FullSync fullSync;
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService sync;
  private final AtomicBoolean storageDirty = new AtomicBoolean();
  private Operator operator;
  private boolean started;
  private boolean stopped;

  /**
   * A daemon for one host.
   *
   * @param client a client of the API server, used by this daemon only
   * @param config the host's identity and timings
   * @param driver the host's driver
   */
  public NodeDaemon(KubernetesClient client, NodeDaemonConfig config, NodeDriver driver) {
    this.config = Objects.requireNonNull(config, "config");
    this.node =
        new NodeContext(
            Objects.requireNonNull(client, "client"),
            config,
            Objects.requireNonNull(driver, "driver"),
            this::storageChanged);
    this.agent = new HostAgent(node);
    this.fullSync = new FullSync(node);
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "heartbeat"));
    this.sync = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "sync"));
  }

  private Thread thread(Runnable r, String role) {
    Thread t = new Thread(r, "node-" + config.host() + "-" + role);
    t.setDaemon(true);
    return t;
  }

  /** The daemon's configuration. */
  public NodeDaemonConfig config() {
    return config;
  }

  /** The host's name. */
  public String host() {
    return config.host();
  }

  /** The driver the daemon acts through. */
  public NodeDriver driver() {
    return node.driver;
  }

  /** Whether the daemon runs (started, and neither closed nor killed). */
  public synchronized boolean isRunning() {
    return started && !stopped;
  }

  /**
   * Registers the host, renews the Lease once, reports facts, then starts heartbeating, the
   * controllers and the full sync. Returns once the controllers' caches are synced.
   *
   * @throws IllegalStateException when the Host exists in another cluster, or when called twice
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("node daemon " + config.host() + " was already started");
    }
    started = true;
    agent.register();
    agent.heartbeat();
    agent.reportStatus();
    long renewMillis = Math.max(100, config.leaseDuration().toMillis() / 3);
    heartbeats.scheduleWithFixedDelay(
        agent::heartbeat, renewMillis, renewMillis, TimeUnit.MILLISECONDS);

    operator =
        new Operator(
            o ->
                o.withKubernetesClient(node.client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withConcurrentWorkflowExecutorThreads(1)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(2))
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofMinutes(1)));
    String selector = Labels.HOST + "=" + config.host();
    Duration resync = config.fullSyncPeriod();
    operator.register(
        new VmReconciler(node),
        o ->
            o.withName("vm-" + config.host())
                .watchingAllNamespaces()
                .withLabelSelector(selector)
                .withFieldManager(Labels.NODE_DAEMON)
                .withRetry(retry())
                .withReconciliationMaxInterval(resync));
    VolumeReconciler volumes = new VolumeReconciler(node);
    operator.register(
        volumes,
        o ->
            o.withName("volume-" + config.host())
                .watchingAllNamespaces()
                .withLabelSelector(selector)
                .withFieldManager(Labels.NODE_DAEMON)
                .withRetry(retry())
                .withReconciliationMaxInterval(resync));
    operator.register(
        new VolumeSnapshotReconciler(node, volumes),
        o ->
            o.withName("volumesnapshot-" + config.host())
                .watchingAllNamespaces()
                .withLabelSelector(selector)
                .withFieldManager(Labels.NODE_DAEMON)
                .withRetry(retry())
                .withReconciliationMaxInterval(resync));
    operator.register(
        new BackupStorageReconciler(node),
        o ->
            o.withName("backupstorage-" + config.host())
                .withFieldManager(Labels.NODE_DAEMON)
                .withRetry(retry())
                .withReconciliationMaxInterval(resync));
    operator.register(
        new ImageReconciler(node),
        o ->
            o.withName("image-" + config.host())
                .withFieldManager(Labels.NODE_DAEMON)
                .withRetry(retry())
                .withReconciliationMaxInterval(resync));
    operator.start();
    long syncMillis = config.fullSyncPeriod().toMillis();
    sync.scheduleWithFixedDelay(this::syncPass, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    // Facts and storage are re-read at heartbeat pace (a write only when they changed), so a
    // primary storage attached to the cluster shows up within seconds, not at the next full sync.
    sync.scheduleWithFixedDelay(
        this::refreshStatus, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    LOG.info(
        "node daemon {} started (cluster {}, management IP {}, driver {})",
        config.host(),
        config.cluster(),
        config.managementIp(),
        node.driver.name());
  }

  /** Retries API failures (driver failures are retried by the reconcilers' own backoff). */
  private static GenericRetry retry() {
    return new GenericRetry()
        .setInitialInterval(500)
        .setIntervalMultiplier(2)
        .setMaxInterval(30_000)
        .withoutMaxAttempts();
  }

  private void syncPass() {
    fullSync.run();
    refreshStatus();
  }

  private void refreshStatus() {
    storageDirty.set(false);
    try {
      agent.reportStatus();
    } catch (RuntimeException e) {
      if (!node.stopping()) {
        LOG.warn("host {}: cannot report its status: {}", config.host(), e.toString());
      }
    }
  }

  /** Reports status.storage again soon, once for any number of changes in between. */
  private void storageChanged() {
    if (node.alive() && storageDirty.compareAndSet(false, true)) {
      try {
        sync.execute(this::refreshStatus);
      } catch (RejectedExecutionException e) {
        // the daemon is stopping; there is nothing left to report to
      }
    }
  }

  /**
   * Stops abruptly, as {@code kill -9} would: from this call on the daemon neither heartbeats nor
   * writes, and its threads are torn down in the background. What the driver holds stays.
   *
   * @return completes once the background teardown is over (the client may then be closed)
   */
  public CompletableFuture<Void> kill() {
    node.die();
    heartbeats.shutdownNow();
    sync.shutdownNow();
    Operator op;
    synchronized (this) {
      stopped = true;
      op = operator;
    }
    LOG.info("node daemon {} killed", config.host());
    if (op == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread stopper =
        new Thread(
            () -> {
              try {
                op.stop();
              } catch (RuntimeException e) {
                LOG.debug("stopping the killed daemon {}: {}", config.host(), e.toString());
              }
              done.complete(null);
            },
            "node-" + config.host() + "-killer");
    stopper.setDaemon(true);
    stopper.start();
    return done;
  }

  /** Stops the controllers, the heartbeat and the full sync; the Lease then expires. */
  @Override
  public void close() {
    Operator op;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      op = operator;
    }
    node.stopping(true);
    heartbeats.shutdownNow();
    sync.shutdownNow();
    if (op != null) {
      op.stop();
    }
    node.die();
    LOG.info("node daemon {} stopped", config.host());
  }
}
