package dev.kumo.node;

import dev.kumo.node.driver.NodeDriver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * What the parts of one node daemon share: its client, configuration and driver, whether it is
 * still alive, and the per-object retry backoff. Every write goes through here, so a killed daemon
 * writes nothing more.
 */
final class NodeContext {
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  final KubernetesClient client;
  final NodeDaemonConfig config;
  final NodeDriver driver;
  private final Runnable storageChanged;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile boolean alive = true;
  private volatile boolean stopping;

  NodeContext(
      KubernetesClient client,
      NodeDaemonConfig config,
      NodeDriver driver,
      Runnable storageChanged) {
    this.client = client;
    this.config = config;
    this.driver = driver;
    this.storageChanged = storageChanged;
  }

  String host() {
    return config.host();
  }

  boolean alive() {
    return alive;
  }

  void die() {
    alive = false;
  }

  /** Whether the daemon is being stopped or was killed: failures then are expected, not news. */
  boolean stopping() {
    return stopping || !alive;
  }

  void stopping(boolean value) {
    stopping = value;
  }

  /** Asks for the Host's status.storage to be reported again (a volume or image came or went). */
  void storageChanged() {
    storageChanged.run();
  }

  /** {@link Writes#status} unless the daemon was killed. */
  <T extends HasMetadata> T status(T current, Predicate<T> mutate) {
    checkAlive();
    return Writes.status(client, current, mutate);
  }

  /** {@link Writes#object} unless the daemon was killed. */
  <T extends HasMetadata> T object(T current, Predicate<T> mutate) {
    checkAlive();
    return Writes.object(client, current, mutate);
  }

  /** Adds a finalizer; returns the written object, or null when it is gone. */
  <T extends HasMetadata> T addFinalizer(T current, String finalizer) {
    if (current.hasFinalizer(finalizer)) {
      return current;
    }
    return object(current, o -> o.addFinalizer(finalizer));
  }

  /** Removes a finalizer; returns the written object, or null when it is gone. */
  <T extends HasMetadata> T removeFinalizer(T current, String finalizer) {
    if (!current.hasFinalizer(finalizer)) {
      return current;
    }
    return object(current, o -> o.removeFinalizer(finalizer));
  }

  private void checkAlive() {
    if (!alive) {
      throw new IllegalStateException("node daemon " + host() + " is stopped");
    }
  }

  /**
   * The delay before retrying {@code key} after one more failure: 250 ms doubling to 30 s, with ±20
   * % jitter so that many objects failing together do not retry together.
   */
  Duration failed(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    long millis = FIRST_RETRY.toMillis() << Math.min(n - 1, 10);
    millis = Math.min(millis, LAST_RETRY.toMillis());
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis((long) (millis * jitter));
  }

  /** Forgets the failures of {@code key} after a success. */
  void succeeded(String key) {
    failures.remove(key);
  }
}
