package dev.kumo.apiserver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-member etcd server run as a child process on loopback: Debian's {@code etcd} binary
 * (package {@code etcd-server}, 3.4.x), started the way {@code host-components.md} §1 describes.
 *
 * <p>The child is stopped by {@link #close()}, and by a JVM shutdown hook if the JVM exits first.
 * Data lives in the data directory and survives a restart with the same directory.
 */
public final class EtcdProcess implements AutoCloseable {
  /** The environment variable that overrides the etcd binary's path. */
  public static final String BINARY_ENV = "KUMO_ETCD_BIN";

  private static final Path DEFAULT_BINARY = Path.of("/usr/bin/etcd");
  private static final String MEMBER_NAME = "kumo";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 30;

  /**
   * How often etcd tells an idle watch the current revision. {@link WatchCache#waitUntilFresh}
   * relies on these progress notifications; etcd's default is ten minutes.
   */
  private static final Duration PROGRESS_NOTIFY_INTERVAL = Duration.ofMillis(250);

  private final Process process;
  private final int clientPort;
  private final int peerPort;
  private final Path dataDir;
  private final Path logFile;
  private final Thread shutdownHook;

  private EtcdProcess(Process process, Settings settings, int clientPort, int peerPort) {
    this.process = process;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.dataDir = settings.dataDir;
    this.logFile = settings.logFile;
    this.shutdownHook = new Thread(process::destroyForcibly, "etcd-shutdown-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts etcd and waits until it is healthy.
   *
   * @param dataDir etcd's data directory; created if missing, reused if it holds data
   * @param clientPort the client port on 127.0.0.1, or 0 to pick a free one
   * @param peerPort the peer port on 127.0.0.1, or 0 to pick a free one
   * @return the running server; its log is {@code <dataDir>/../etcd.log}
   */
  public static EtcdProcess start(Path dataDir, int clientPort, int peerPort) {
    return builder(dataDir).clientPort(clientPort).peerPort(peerPort).start();
  }

  /** A builder for a server with its data in {@code dataDir}. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /**
   * The etcd binary to run: {@code $KUMO_ETCD_BIN} when set, else {@code /usr/bin/etcd}.
   *
   * @throws IllegalStateException when the binary does not exist or is not executable
   */
  public static Path defaultBinary() {
    String fromEnv = System.getenv(BINARY_ENV);
    return checkBinary(
        fromEnv == null || fromEnv.isBlank() ? DEFAULT_BINARY : Path.of(fromEnv), fromEnv != null);
  }

  private static Path checkBinary(Path binary, boolean fromEnv) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "etcd binary not found at "
              + binary
              + (fromEnv ? " (from $" + BINARY_ENV + ")" : "")
              + ": install it with `apt-get install etcd-server` or set $"
              + BINARY_ENV);
    }
    return binary;
  }

  /** The client URL, e.g. {@code http://127.0.0.1:2379}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** The client port on 127.0.0.1. */
  public int clientPort() {
    return clientPort;
  }

  /** The peer port on 127.0.0.1. */
  public int peerPort() {
    return peerPort;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The file that receives etcd's output. */
  public Path logFile() {
    return logFile;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops etcd gracefully: SIGTERM, then SIGKILL if it has not exited within ten seconds. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(STOP_TIMEOUT)) {
        process.destroyForcibly();
        waitFor(STOP_TIMEOUT);
      }
    }
    removeShutdownHook();
  }

  /** Kills etcd with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor(STOP_TIMEOUT);
    removeShutdownHook();
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to; nothing to undo.
    }
  }

  /** Options for starting etcd. */
  public static final class Builder {
    private final Settings settings = new Settings();

    private Builder(Path dataDir) {
      settings.dataDir = dataDir.toAbsolutePath();
      settings.logFile = settings.dataDir.resolveSibling("etcd.log");
    }

    /** The etcd binary; default {@link #defaultBinary()}. */
    public Builder binary(Path binary) {
      settings.binary = binary;
      return this;
    }

    /** The client port, 0 (the default) for a free one. */
    public Builder clientPort(int port) {
      settings.clientPort = port;
      return this;
    }

    /** The peer port, 0 (the default) for a free one. */
    public Builder peerPort(int port) {
      settings.peerPort = port;
      return this;
    }

    /** Where etcd's output goes (appended); default {@code <dataDir>/../etcd.log}. */
    public Builder logFile(Path logFile) {
      settings.logFile = logFile.toAbsolutePath();
      return this;
    }

    /**
     * Starts etcd and waits up to 15 s for it to report healthy.
     *
     * @throws IllegalStateException when the binary is missing or etcd does not become healthy (the
     *     message carries the tail of etcd's log)
     */
    public EtcdProcess start() {
      Path binary = settings.binary == null ? defaultBinary() : checkBinary(settings.binary, false);
      try {
        Files.createDirectories(settings.dataDir);
        Files.createDirectories(settings.logFile.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + settings.dataDir, e);
      }
      // A port picked here may be taken by someone else before etcd binds it; try again then.
      boolean picked = settings.clientPort == 0 || settings.peerPort == 0;
      int attempts = picked ? 3 : 1;
      for (int attempt = 1; ; attempt++) {
        try {
          return launch(binary);
        } catch (PortTakenException e) {
          if (attempt >= attempts) {
            throw new IllegalStateException(e.getMessage());
          }
        }
      }
    }

    private EtcdProcess launch(Path binary) {
      int client = settings.clientPort != 0 ? settings.clientPort : freePort();
      int peer = settings.peerPort != 0 ? settings.peerPort : freePort();
      String clientUrl = "http://127.0.0.1:" + client;
      String peerUrl = "http://127.0.0.1:" + peer;
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.add("--name=" + MEMBER_NAME);
      command.add("--data-dir=" + settings.dataDir);
      command.add("--listen-client-urls=" + clientUrl);
      command.add("--advertise-client-urls=" + clientUrl);
      command.add("--listen-peer-urls=" + peerUrl);
      command.add("--initial-advertise-peer-urls=" + peerUrl);
      command.add("--initial-cluster=" + MEMBER_NAME + "=" + peerUrl);
      command.add("--logger=zap");
      // One member on loopback has no peers to wait for: a short election timeout makes it its
      // own leader in tens of milliseconds instead of about a second (and lowers the minimum
      // lease TTL, 1.5 election timeouts, to one second).
      command.add("--heartbeat-interval=50");
      command.add("--election-timeout=500");
      command.add(
          "--experimental-watch-progress-notify-interval="
              + PROGRESS_NOTIFY_INTERVAL.toMillis()
              + "ms");
      long logOffset = logSize();
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile.toFile()))
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + binary, e);
      }
      EtcdProcess etcd = new EtcdProcess(process, settings, client, peer);
      try {
        etcd.awaitHealthy(logOffset);
        return etcd;
      } catch (RuntimeException e) {
        etcd.kill();
        throw e;
      }
    }

    private long logSize() {
      try {
        return Files.exists(settings.logFile) ? Files.size(settings.logFile) : 0;
      } catch (IOException e) {
        return 0;
      }
    }
  }

  private void awaitHealthy(long logOffset) {
    URL health;
    try {
      health = URI.create(endpoint() + "/health").toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = logTail(logOffset);
        String message =
            "etcd exited with status " + process.exitValue() + " during startup; log:\n" + tail;
        if (tail.contains("address already in use")) {
          throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
      }
      if (isHealthy(health)) {
        return;
      }
      sleep(Duration.ofMillis(20));
    }
    throw new IllegalStateException(
        "etcd at "
            + endpoint()
            + " did not become healthy within "
            + START_TIMEOUT.toSeconds()
            + " s; log:\n"
            + logTail(logOffset));
  }

  /** One probe of etcd's /health; the JDK's light HTTP client keeps startup fast. */
  private static boolean isHealthy(URL health) {
    try {
      HttpURLConnection connection = (HttpURLConnection) health.openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1000);
      try (InputStream body = connection.getInputStream()) {
        return connection.getResponseCode() == 200
            && new String(body.readAllBytes(), StandardCharsets.UTF_8)
                .contains("\"health\":\"true\"");
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYetServing) {
      return false;
    }
  }

  private String logTail(long fromOffset) {
    try {
      byte[] bytes = Files.readAllBytes(logFile);
      int from = (int) Math.min(fromOffset, bytes.length);
      String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
      List<String> lines = text.lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for etcd to start", e);
    }
  }

  /** Mutable start options, frozen once the process runs. */
  private static final class Settings {
    private Path binary;
    private Path dataDir;
    private Path logFile;
    private int clientPort;
    private int peerPort;
  }

  /** etcd could not bind a port that was free a moment earlier. */
  private static final class PortTakenException extends IllegalStateException {
    PortTakenException(String message) {
      super(message);
    }
  }
}
