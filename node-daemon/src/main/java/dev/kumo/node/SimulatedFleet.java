package dev.kumo.node;

import dev.kumo.node.driver.SimulatorDriver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated hosts in one JVM, for scale tests and {@code kumo up --simulate --hosts N}: each
 * host has its own {@link SimulatorDriver}, its own API client (all on one shared Vert.x) and its
 * own {@link NodeDaemon}, and behaves as a separate host. Hosts get consecutive management IPs from
 * {@link Options#baseManagementIp()} in the order they are added, and failure seeds {@code seed +
 * index}.
 *
 * <p>A host's daemon can be stopped gracefully ({@link #stop}), killed abruptly ({@link #kill}: no
 * more heartbeats or writes from that instant; its simulated domains keep running, as after {@code
 * kill -9} of a real daemon) and started again ({@link #start}) on the same simulated host, which
 * it then adopts. To make the host itself unreachable, use {@code driver(host).kill()}.
 */
public final class SimulatedFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);

  /**
   * How the fleet's hosts look.
   *
   * @param cluster the Cluster every host joins
   * @param baseManagementIp management IP of the first host; the next hosts count up from it
   * @param simulator the shape and behaviour of every simulated host (host name and seed are set
   *     per host)
   * @param leaseDuration heartbeat Lease duration
   * @param fullSyncPeriod full-sync period
   * @param reconcileThreads reconcile threads per daemon
   */
  public record Options(
      String cluster,
      String baseManagementIp,
      SimulatorDriver.Options simulator,
      Duration leaseDuration,
      Duration fullSyncPeriod,
      int reconcileThreads) {
    /** Validates the options. */
    public Options {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(baseManagementIp, "baseManagementIp");
      Objects.requireNonNull(simulator, "simulator");
      ipToInt(baseManagementIp);
    }

    /**
     * Default hosts (see {@link SimulatorDriver.Options#defaults}) from 10.0.0.10 on, the default
     * lease and full sync, and 4 reconcile threads per daemon.
     */
    public static Options defaults(String cluster) {
      return new Options(
          cluster,
          "10.0.0.10",
          SimulatorDriver.Options.defaults("sim"),
          NodeDaemonConfig.DEFAULT_LEASE_DURATION,
          NodeDaemonConfig.DEFAULT_FULL_SYNC_PERIOD,
          NodeDaemonConfig.DEFAULT_RECONCILE_THREADS);
    }

    /** These options with other simulated hosts. */
    public Options withSimulator(SimulatorDriver.Options value) {
      return new Options(
          cluster, baseManagementIp, value, leaseDuration, fullSyncPeriod, reconcileThreads);
    }

    /** These options with another lease duration and full-sync period. */
    public Options withTimings(Duration lease, Duration fullSync) {
      return new Options(cluster, baseManagementIp, simulator, lease, fullSync, reconcileThreads);
    }

    /** These options from another first management IP. */
    public Options withBaseManagementIp(String ip) {
      return new Options(cluster, ip, simulator, leaseDuration, fullSyncPeriod, reconcileThreads);
    }
  }

  private final class Member {
    final String host;
    final String managementIp;
    final SimulatorDriver driver;
    KubernetesClient client;
    NodeDaemon daemon;

    Member(String host, String managementIp, SimulatorDriver driver) {
      this.host = host;
      this.managementIp = managementIp;
      this.driver = driver;
    }

    NodeDaemonConfig config() {
      return new NodeDaemonConfig(
          host,
          options.cluster(),
          managementIp,
          options.leaseDuration(),
          options.fullSyncPeriod(),
          options.reconcileThreads());
    }
  }

  private final Config kubeConfig;
  private final Options options;
  private final Vertx vertx;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private boolean closed;

  /**
   * An empty fleet.
   *
   * @param kubeConfig how to reach the API server (e.g. {@code Config.fromKubeconfig(text)})
   * @param options how the hosts look
   */
  public SimulatedFleet(Config kubeConfig, Options options) {
    this.kubeConfig = Objects.requireNonNull(kubeConfig, "kubeConfig");
    this.options = Objects.requireNonNull(options, "options");
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4).setUseDaemonThread(true));
  }

  /**
   * Adds and starts hosts {@code host-i} for the next {@code count} indexes (host-0 … host-N-1 on a
   * new fleet).
   *
   * @return the new daemons
   */
  public synchronized List<NodeDaemon> startHosts(int count) {
    List<NodeDaemon> started = new ArrayList<>();
    int first = members.size();
    for (int i = first; i < first + count; i++) {
      started.add(add("host-" + i));
    }
    return started;
  }

  /** Adds a simulated host with the next management IP and starts its daemon. */
  public synchronized NodeDaemon add(String host) {
    if (closed) {
      throw new IllegalStateException("the fleet is closed");
    }
    if (members.containsKey(host)) {
      throw new IllegalArgumentException("host " + host + " is already in the fleet");
    }
    int index = members.size();
    String ip = intToIp(ipToInt(options.baseManagementIp()) + index);
    SimulatorDriver.Options sim = options.simulator();
    SimulatorDriver driver =
        new SimulatorDriver(
            sim.withHostName(host).withFailures(sim.failureRate(), sim.seed() + index));
    Member member = new Member(host, ip, driver);
    members.put(host, member);
    return launch(member);
  }

  /**
   * Starts the daemon of a host that was stopped or killed, on the same simulated host, with a new
   * client (as a restarted process would have).
   */
  public synchronized NodeDaemon start(String host) {
    Member member = member(host);
    if (member.daemon != null && member.daemon.isRunning()) {
      throw new IllegalStateException("host " + host + " already runs a daemon");
    }
    return launch(member);
  }

  private NodeDaemon launch(Member member) {
    member.client =
        new KubernetesClientBuilder()
            .withConfig(kubeConfig)
            .withHttpClientFactory(new VertxHttpClientFactory(vertx))
            .build();
    member.daemon = new NodeDaemon(member.client, member.config(), member.driver);
    try {
      member.daemon.start();
    } catch (RuntimeException e) {
      member.daemon.kill();
      member.client.close();
      throw e;
    }
    return member.daemon;
  }

  /** Stops a host's daemon gracefully; its Lease then expires. */
  public synchronized void stop(String host) {
    Member member = member(host);
    if (member.daemon != null) {
      member.daemon.close();
      member.client.close();
    }
  }

  /**
   * Kills a host's daemon abruptly: it stops heartbeating and writing at once; its threads and
   * client are torn down in the background. The simulated host keeps what it holds.
   */
  public synchronized void kill(String host) {
    Member member = member(host);
    if (member.daemon != null) {
      KubernetesClient client = member.client;
      member.daemon.kill().whenComplete((done, error) -> client.close());
    }
  }

  /** The simulated host named {@code host}. */
  public synchronized SimulatorDriver driver(String host) {
    return member(host).driver;
  }

  /** The current daemon of a host, if it was ever started. */
  public synchronized Optional<NodeDaemon> daemon(String host) {
    return Optional.ofNullable(member(host).daemon);
  }

  /** The management IP of a host. */
  public synchronized String managementIp(String host) {
    return member(host).managementIp;
  }

  /** The hosts' names, in the order they were added. */
  public synchronized List<String> hosts() {
    return List.copyOf(members.keySet());
  }

  private Member member(String host) {
    Member member = members.get(host);
    if (member == null) {
      throw new IllegalArgumentException("no host " + host + " in the fleet");
    }
    return member;
  }

  /** Stops every daemon and closes the clients. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    members.values().parallelStream()
        .forEach(
            m -> {
              if (m.daemon != null) {
                try {
                  m.daemon.close();
                } catch (RuntimeException e) {
                  LOG.warn("stopping host {}: {}", m.host, e.toString());
                }
                m.client.close();
              }
            });
    vertx.close();
  }

  private static int ipToInt(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int value = 0;
    for (String part : parts) {
      int octet = Integer.parseInt(part);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      value = value << 8 | octet;
    }
    return value;
  }

  private static String intToIp(int value) {
    return (value >>> 24)
        + "."
        + (value >>> 16 & 255)
        + "."
        + (value >>> 8 & 255)
        + "."
        + (value & 255);
  }
}
