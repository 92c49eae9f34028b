package dev.kumo.node;

import dev.kumo.api.common.Patterns;
import java.time.Duration;
import java.util.Objects;

/**
 * How one node daemon runs.
 *
 * @param host name of its Host object
 * @param cluster the Cluster the host belongs to (spec.clusterRef of a Host it creates)
 * @param managementIp the host's management IPv4 address; BackupStorages whose spec.hostname is
 *     this address are served by this daemon
 * @param leaseDuration leaseDurationSeconds of its heartbeat Lease; it renews every third of it
 * @param fullSyncPeriod how often it re-reports facts and storage, re-reconciles everything
 *     assigned to it and removes orphans
 * @param reconcileThreads reconciliations running at once (keep it small when many daemons share a
 *     JVM)
 */
public record NodeDaemonConfig(
    String host,
    String cluster,
    String managementIp,
    Duration leaseDuration,
    Duration fullSyncPeriod,
    int reconcileThreads) {

  /** The Lease duration the contract asks for by default. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(20);

  /** The default full-sync period. */
  public static final Duration DEFAULT_FULL_SYNC_PERIOD = Duration.ofSeconds(30);

  /** The default number of reconcile threads. */
  public static final int DEFAULT_RECONCILE_THREADS = 4;

  /** Validates the configuration. */
  public NodeDaemonConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(managementIp, "managementIp");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(fullSyncPeriod, "fullSyncPeriod");
    if (!host.matches(Patterns.NAME)) {
      throw new IllegalArgumentException("host name " + host + " is not a valid object name");
    }
    if (!managementIp.matches(Patterns.IPV4)) {
      throw new IllegalArgumentException("management IP " + managementIp + " is not IPv4");
    }
    if (leaseDuration.toSeconds() < 1) {
      throw new IllegalArgumentException("the lease lasts at least one second");
    }
    if (fullSyncPeriod.toMillis() < 100) {
      throw new IllegalArgumentException("the full-sync period is at least 100 ms");
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("at least one reconcile thread is needed");
    }
  }

  /** A configuration with the default lease, full-sync period and threads. */
  public static NodeDaemonConfig of(String host, String cluster, String managementIp) {
    return new NodeDaemonConfig(
        host,
        cluster,
        managementIp,
        DEFAULT_LEASE_DURATION,
        DEFAULT_FULL_SYNC_PERIOD,
        DEFAULT_RECONCILE_THREADS);
  }

  /** This configuration with another lease duration and full-sync period. */
  public NodeDaemonConfig withTimings(Duration lease, Duration fullSync) {
    return new NodeDaemonConfig(host, cluster, managementIp, lease, fullSync, reconcileThreads);
  }

  /** This configuration with another number of reconcile threads. */
  public NodeDaemonConfig withReconcileThreads(int threads) {
    return new NodeDaemonConfig(
        host, cluster, managementIp, leaseDuration, fullSyncPeriod, threads);
  }
}
