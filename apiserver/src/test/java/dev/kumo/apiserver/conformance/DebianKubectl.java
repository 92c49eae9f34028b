package dev.kumo.apiserver.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * kubectl 1.20 from Debian 12's {@code kubernetes-client} package, obtained without installing the
 * package (installing it would replace the gcloud kubectl): {@code apt-get download} (after {@code
 * apt-get update} if the package lists are missing), then {@code dpkg -x} into {@code
 * ~/.cache/kumo/kubectl-1.20} ({@code $XDG_CACHE_HOME} is honoured), where later runs and other
 * worktrees find it.
 */
final class DebianKubectl {
  private static final String PACKAGE = "kubernetes-client";
  private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);

  private DebianKubectl() {}

  /** The unpacked kubectl 1.20 binary, downloading it first if it is not cached. */
  static synchronized Path binary() {
    Path cache = cacheRoot().resolve("kumo");
    Path dir = cache.resolve("kubectl-1.20");
    Path binary = dir.resolve("usr/bin/kubectl");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(cache);
      Path download = Files.createTempDirectory(cache, "kubectl-1.20-download-");
      try {
        fetch(download);
        // Another JVM may have finished first; its copy is as good as ours.
        try {
          Files.move(download.resolve("root"), dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
          // keep the existing copy
        }
      } finally {
        deleteRecursively(download);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack kubectl 1.20 into " + dir, e);
    }
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "the " + PACKAGE + " package did not contain usr/bin/kubectl (looked in " + dir + ")");
    }
    return binary;
  }

  private static void fetch(Path download) throws IOException {
    Output first = exec(download, "apt-get", "download", PACKAGE);
    if (first.exitCode() != 0) {
      Output update = exec(download, "apt-get", "update");
      Output second = exec(download, "apt-get", "download", PACKAGE);
      if (second.exitCode() != 0) {
        throw new IllegalStateException(
            "kubectl 1.20 is needed for the conformance tests but `apt-get download "
                + PACKAGE
                + "` failed (Debian 12 with deb.debian.org reachable is required):\n"
                + first
                + update
                + second);
      }
    }
    Path deb;
    try (Stream<Path> files = Files.list(download)) {
      deb =
          files
              .filter(file -> file.getFileName().toString().endsWith(".deb"))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("apt-get download left no .deb in " + download));
    }
    Output unpack = exec(download, "dpkg", "-x", deb.toString(), "root");
    if (unpack.exitCode() != 0) {
      throw new IllegalStateException("cannot unpack " + deb + ":\n" + unpack);
    }
  }

  private record Output(String command, int exitCode, String output) {
    @Override
    public String toString() {
      return "$ " + command + " (exit " + exitCode + ")\n" + output + "\n";
    }
  }

  private static Output exec(Path dir, String... command) throws IOException {
    Path log = Files.createTempFile(dir, "exec-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    boolean finished;
    try {
      finished = process.waitFor(APT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + List.of(command), e);
    }
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return finished
        ? new Output(String.join(" ", command), process.exitValue(), output)
        : new Output(
            String.join(" ", command), -1, output + "\n(timed out after " + APT_TIMEOUT + ")");
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
