package dev.kumo.apiserver.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The standard output of a streaming kubectl ({@code get -w}) read line by line on a daemon thread,
 * so that a test can wait for the line it expects.
 */
final class LineStream {
  private final Process process;
  private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final StringBuilder stderr = new StringBuilder();

  private LineStream(Process process) {
    this.process = process;
  }

  /** Starts reading the process's standard output and error. */
  static LineStream of(Process process) {
    LineStream stream = new LineStream(process);
    stream.pump(process.getInputStream(), true);
    stream.pump(process.getErrorStream(), false);
    return stream;
  }

  private void pump(InputStream in, boolean stdout) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  if (stdout) {
                    pending.add(line);
                  } else {
                    synchronized (stderr) {
                      stderr.append(line).append('\n');
                    }
                  }
                }
              } catch (IOException e) {
                // the process was killed: the stream ends
              }
            },
            "kubectl-" + (stdout ? "stdout" : "stderr"));
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits for the next line that matches, skipping others.
   *
   * @throws AssertionError with every line seen and standard error if none comes in time
   */
  String await(Predicate<String> matcher, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : pending.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        String err;
        synchronized (stderr) {
          err = stderr.toString();
        }
        throw new AssertionError(
            "no matching line within "
                + timeout
                + "; alive="
                + process.isAlive()
                + "\n--- stdout ---\n"
                + String.join("\n", seen)
                + "\n--- stderr ---\n"
                + err);
      }
      seen.add(line);
      if (matcher.test(line)) {
        return line;
      }
    }
  }

  /** Every line read so far. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  /** Stops the process (and the gcloud dispatcher's child) and waits for it. */
  void stop() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
