package dev.kumo.node;

import dev.kumo.node.driver.NodeDriver;
import dev.kumo.node.driver.SimulatorDriver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kumo-node-daemon}: runs one node daemon, or with {@code --hosts N} a simulated fleet of N
 * hosts named {@code <host>-0 … <host>-(N-1)} with consecutive management IPs, until SIGTERM.
 *
 * <pre>
 * --kubeconfig PATH --host NAME --cluster C --management-ip IP [--driver simulator]
 * [--hosts N] [--sim-failure-rate F] [--sim-latency-ms N] [--lease-seconds S]
 * [--full-sync-seconds S] [--reconcile-threads T]
 * </pre>
 */
public final class NodeDaemonMain {
  private static final Set<String> OPTIONS =
      Set.of(
          "--kubeconfig",
          "--host",
          "--cluster",
          "--management-ip",
          "--driver",
          "--hosts",
          "--sim-failure-rate",
          "--sim-latency-ms",
          "--lease-seconds",
          "--full-sync-seconds",
          "--reconcile-threads");

  private static final String USAGE =
      "usage: kumo-node-daemon --kubeconfig PATH --host NAME --cluster C --management-ip IP"
          + " [--driver simulator] [--hosts N] [--sim-failure-rate F] [--sim-latency-ms N]"
          + " [--lease-seconds S] [--full-sync-seconds S] [--reconcile-threads T]";

  private NodeDaemonMain() {}

  /** Entry point; exits 2 on bad arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options;
    try {
      options = parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    AutoCloseable running = run(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("stopping: " + e);
                  }
                  stopped.countDown();
                },
                "node-daemon-shutdown"));
    stopped.await();
  }

  /** Parses {@code --name value} pairs, checking names and required options. */
  static Map<String, String> parse(List<String> args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      options.put(name, args.get(i + 1));
    }
    for (String required : List.of("--kubeconfig", "--host", "--cluster", "--management-ip")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing " + required);
      }
    }
    for (String numeric :
        List.of(
            "--hosts",
            "--sim-latency-ms",
            "--lease-seconds",
            "--full-sync-seconds",
            "--reconcile-threads")) {
      number(options, numeric, 0);
    }
    String rate = options.getOrDefault("--sim-failure-rate", "0");
    try {
      double value = Double.parseDouble(rate);
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("--sim-failure-rate must be in [0, 1], got " + rate);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--sim-failure-rate needs a number, got " + rate);
    }
    String driver = options.getOrDefault("--driver", "simulator");
    if (!driver.equals("simulator")) {
      throw new IllegalArgumentException(
          "unknown driver " + driver + " (this build has only the simulator driver)");
    }
    return options;
  }

  /** Starts what the options describe; closing the result stops it. */
  static AutoCloseable run(Map<String, String> options) throws IOException {
    Config kubeConfig =
        Config.fromKubeconfig(Files.readString(Path.of(options.get("--kubeconfig"))));
    String host = options.get("--host");
    String cluster = options.get("--cluster");
    String ip = options.get("--management-ip");
    Duration lease = Duration.ofSeconds(number(options, "--lease-seconds", 20));
    Duration fullSync = Duration.ofSeconds(number(options, "--full-sync-seconds", 30));
    int threads = (int) number(options, "--reconcile-threads", 4);
    SimulatorDriver.Options sim =
        SimulatorDriver.Options.defaults(host)
            .withLatency(Duration.ofMillis(number(options, "--sim-latency-ms", 0)))
            .withFailures(
                Double.parseDouble(options.getOrDefault("--sim-failure-rate", "0")),
                System.nanoTime());
    if (options.containsKey("--hosts")) {
      int hosts = (int) number(options, "--hosts", 1);
      SimulatedFleet fleet =
          new SimulatedFleet(
              kubeConfig, new SimulatedFleet.Options(cluster, ip, sim, lease, fullSync, threads));
      try {
        for (int i = 0; i < hosts; i++) {
          fleet.add(host + "-" + i);
        }
      } catch (RuntimeException e) {
        fleet.close();
        throw e;
      }
      return fleet;
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(kubeConfig)
            .withHttpClientFactory(new VertxHttpClientFactory())
            .build();
    NodeDriver driver = new SimulatorDriver(sim);
    NodeDaemon daemon =
        new NodeDaemon(
            client, new NodeDaemonConfig(host, cluster, ip, lease, fullSync, threads), driver);
    try {
      daemon.start();
    } catch (RuntimeException e) {
      daemon.close();
      client.close();
      throw e;
    }
    return () -> {
      daemon.close();
      driver.close();
      client.close();
    };
  }

  private static long number(Map<String, String> options, String name, long fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, got " + value);
    }
  }
}
