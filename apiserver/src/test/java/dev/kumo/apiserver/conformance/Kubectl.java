package dev.kumo.apiserver.conformance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a real kubectl binary against a kubeconfig, the way a user would, for conformance tests.
 *
 * <p>Each instance owns a fresh, empty {@code HOME} (so kubectl's discovery and HTTP caches start
 * empty) and is meant to live for one test suite; {@link #close()} stops streaming processes and
 * deletes it. The kubeconfig is passed in the {@code KUBECONFIG} environment variable, so the
 * arguments are exactly what a user would type.
 *
 * <ul>
 *   <li>{@link #current} is the {@code kubectl} on {@code PATH}: here the gcloud "kubectl
 *       dispatcher" (1.32), which first GETs {@code /version} and then runs {@code
 *       kubectl.1.<server minor>}.
 *   <li>{@link #v120} is kubectl 1.20 from Debian 12's {@code kubernetes-client} package, fetched
 *       with {@code apt-get download} and unpacked with {@code dpkg -x} into a cache directory,
 *       never installed (it would replace the gcloud kubectl).
 * </ul>
 */
public final class Kubectl implements AutoCloseable {
  /** How long {@link #run} waits for kubectl unless {@link #withTimeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Path binary;
  private final Path kubeconfig;
  private final Path workDir;
  private final Duration timeout;
  private final Map<String, String> environment;
  private final List<Process> started;

  /**
   * The outcome of one kubectl run.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   * @param command the command line, for messages
   */
  public record Result(int exitCode, String stdout, String stderr, String command) {
    /** Whether kubectl exited with 0. */
    public boolean ok() {
      return exitCode == 0;
    }

    /**
     * This result if kubectl exited with 0.
     *
     * @throws AssertionError showing the command and its output otherwise
     */
    public Result assertSuccess() {
      if (!ok()) {
        throw new AssertionError("kubectl failed: " + this);
      }
      return this;
    }

    /** The command, exit code and both outputs, each output on its own indented lines. */
    @Override
    public String toString() {
      return "`"
          + command
          + "` exited with "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n")
          + "--- stderr ---\n"
          + stderr
          + (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n")
          + "---";
    }
  }

  private Kubectl(
      String name,
      Path binary,
      Path kubeconfig,
      Path workDir,
      Duration timeout,
      Map<String, String> environment,
      List<Process> started) {
    this.name = name;
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
    this.timeout = timeout;
    this.environment = environment;
    this.started = started;
  }

  private static Kubectl create(String name, Path binary, Path kubeconfig) {
    try {
      Path workDir = Files.createTempDirectory("kumo-kubectl-");
      Files.createDirectory(workDir.resolve("home"));
      return new Kubectl(
          name,
          binary,
          kubeconfig.toAbsolutePath(),
          workDir,
          DEFAULT_TIMEOUT,
          Map.of(),
          new CopyOnWriteArrayList<>());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a HOME directory for kubectl", e);
    }
  }

  /**
   * The {@code kubectl} on {@code PATH} (the gcloud dispatcher, 1.32 here).
   *
   * @throws IllegalStateException if there is none
   */
  public static Kubectl current(Path kubeconfig) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return create("kubectl (PATH: " + candidate + ")", candidate, kubeconfig);
      }
    }
    throw new IllegalStateException("no kubectl on PATH (" + path + ")");
  }

  /**
   * kubectl 1.20 from Debian's {@code kubernetes-client} package, downloaded on first use.
   *
   * @throws IllegalStateException if it cannot be downloaded or unpacked, with apt's output
   */
  public static Kubectl v120(Path kubeconfig) {
    return create("kubectl 1.20 (Debian)", DebianKubectl.binary(), kubeconfig);
  }

  /** The same kubectl, HOME and kubeconfig, with another timeout for {@link #run}. */
  public Kubectl withTimeout(Duration newTimeout) {
    return new Kubectl(name, binary, kubeconfig, workDir, newTimeout, environment, started);
  }

  /**
   * The same kubectl, HOME and kubeconfig, with one more environment variable (e.g. {@code
   * KUBE_EDITOR} for {@code kubectl edit}).
   */
  public Kubectl withEnvironment(String variable, String value) {
    Map<String, String> more = new HashMap<>(environment);
    more.put(variable, value);
    return new Kubectl(name, binary, kubeconfig, workDir, timeout, Map.copyOf(more), started);
  }

  /** A short name for test display names, e.g. {@code kubectl 1.20 (Debian)}. */
  public String name() {
    return name;
  }

  /** The kubectl executable. */
  public Path binary() {
    return binary;
  }

  /** The kubeconfig kubectl uses. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The isolated HOME directory (its {@code .kube/cache} holds kubectl's discovery cache). */
  public Path home() {
    return workDir.resolve("home");
  }

  /**
   * Runs kubectl with {@code args} and no input, waiting at most the timeout.
   *
   * @throws AssertionError if kubectl does not finish in time (it is killed)
   */
  public Result run(String... args) {
    return execute(null, args);
  }

  /**
   * Runs kubectl with {@code args} and {@code stdin} as its standard input (e.g. {@code apply -f
   * -}), waiting at most the timeout.
   *
   * @throws AssertionError if kubectl does not finish in time (it is killed)
   */
  public Result runWithStdin(String stdin, String... args) {
    return execute(stdin, args);
  }

  /**
   * Starts kubectl with {@code args} for streaming commands such as {@code get -w}; the caller
   * reads {@link Process#getInputStream()} (stdout) and {@link Process#getErrorStream()}. The
   * process is killed by {@link #close()} at the latest.
   */
  public Process start(String... args) {
    try {
      Process process = processBuilder(args).start();
      process.getOutputStream().close();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + commandLine(args), e);
    }
  }

  /** Kills processes from {@link #start} and deletes the HOME directory; may be called again. */
  @Override
  public void close() throws IOException {
    for (Process process : started) {
      kill(process);
    }
    started.clear();
    if (!Files.exists(workDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(workDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private Result execute(String stdin, String... args) {
    String command = commandLine(args);
    try {
      Path io = Files.createTempDirectory(workDir, "run-");
      Path in = io.resolve("stdin");
      Path out = io.resolve("stdout");
      Path err = io.resolve("stderr");
      Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
      Process process =
          processBuilder(args)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while running `" + command + "`", e);
      }
      if (!finished) {
        kill(process);
      }
      Result result =
          new Result(
              finished ? process.exitValue() : -1,
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8),
              command);
      if (!finished) {
        throw new AssertionError("timed out after " + timeout + " (killed): " + result);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  private ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = builder.environment();
    env.remove("KUBECACHEDIR");
    env.remove("XDG_CACHE_HOME");
    env.remove("XDG_CONFIG_HOME");
    env.put("HOME", home().toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.putAll(environment);
    return builder;
  }

  private String commandLine(String... args) {
    return String.join(" ", Stream.concat(Stream.of(binary.toString()), Stream.of(args)).toList());
  }

  /**
   * Kills the process and its children (the gcloud dispatcher runs the real kubectl as a child).
   */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
