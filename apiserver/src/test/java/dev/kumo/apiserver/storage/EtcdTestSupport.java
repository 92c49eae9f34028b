package dev.kumo.apiserver.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd (Debian's {@code etcd-server} binary) for one test class, on free loopback ports in a
 * temporary directory, stopped and deleted after the class:
 *
 * <pre>{@code
 * @RegisterExtension static final EtcdTestSupport etcd = new EtcdTestSupport();
 * ...
 * Store store = etcd.newStore();
 * String prefix = etcd.uniquePrefix("vms");
 * }</pre>
 *
 * Stores made by {@link #newStore()} are closed after the class too.
 */
public final class EtcdTestSupport implements BeforeAllCallback, AfterAllCallback {
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicInteger prefixes = new AtomicInteger();
  private Path directory;
  private EtcdProcess etcd;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = memoryBackedTempDirectory("kumo-etcd-");
    etcd = EtcdProcess.start(directory.resolve("data"), 0, 0);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    resources.clear();
    if (etcd != null) {
      etcd.close();
    }
    deleteRecursively(directory);
  }

  /** The running server. */
  public EtcdProcess process() {
    return etcd;
  }

  /** The client URL. */
  public String endpoint() {
    return etcd.endpoint();
  }

  /** A new store on this etcd, closed after the class. */
  public EtcdStore newStore() {
    return newStore(EtcdStore.DEFAULT_TIMEOUT);
  }

  /** A new store whose calls fail after {@code timeout}, closed after the class. */
  public EtcdStore newStore(Duration timeout) {
    EtcdStore store = EtcdStore.connect(List.of(endpoint()), timeout);
    return track(store);
  }

  /** Closes {@code resource} after the class, before etcd stops. */
  public <C extends AutoCloseable> C track(C resource) {
    synchronized (resources) {
      resources.add(resource);
    }
    return resource;
  }

  /** A key prefix no other test of this run uses, e.g. {@code /registry/test/vms-3/}. */
  public String uniquePrefix(String name) {
    return "/registry/test/" + name + "-" + prefixes.incrementAndGet() + "/";
  }

  /** Stops etcd gracefully and starts it again on the same ports and data. */
  public void restart() {
    etcd.close();
    etcd = startAgain();
  }

  /** Kills etcd with SIGKILL and starts it again on the same ports and data. */
  public void crashAndRestart() {
    etcd.kill();
    etcd = startAgain();
  }

  private EtcdProcess startAgain() {
    return EtcdProcess.start(etcd.dataDir(), etcd.clientPort(), etcd.peerPort());
  }

  /**
   * A temporary directory on tmpfs ({@code /dev/shm}) when the machine has one, else in the usual
   * temporary directory. Tests keep etcd's data there, as Kubernetes' own integration tests
   * recommend: etcd is the real one, but its fsyncs cost nothing, so a test measures Kumo rather
   * than the disk. {@code kumo up} keeps its data on disk.
   */
  public static Path memoryBackedTempDirectory(String prefix) throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, prefix);
    }
    return Files.createTempDirectory(prefix);
  }

  /** Deletes a directory tree; nothing when it does not exist. */
  public static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
