package dev.kumo.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * kumo-controller-manager in a child JVM on the test class path, so that a test can kill it with
 * SIGKILL in the middle of its work, as {@code kill -9} would.
 */
final class ControllerManagerProcess {
  private final Process process;

  private ControllerManagerProcess(Process process) {
    this.process = process;
  }

  static ControllerManagerProcess start(Path kubeconfig, String identity) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = kubeconfig.resolveSibling("controller-manager-" + identity + ".log");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                classpath,
                "dev.kumo.controllers.ControllerManagerMain",
                "--kubeconfig",
                kubeconfig.toString(),
                "--identity",
                identity)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ControllerManagerProcess(p);
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
