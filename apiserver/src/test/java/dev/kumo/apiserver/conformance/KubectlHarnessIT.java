package dev.kumo.apiserver.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.apiserver.security.Kubeconfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both kubectl versions of the conformance suite run, report their version and are isolated. */
class KubectlHarnessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path kubeconfig() throws IOException {
    Path file = dir.resolve("kubeconfig");
    Kubeconfig.write(
        file,
        "https://127.0.0.1:1",
        "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII),
        "not-a-real-token",
        "harness");
    return file;
  }

  private static JsonNode clientVersion(Kubectl kubectl) throws IOException {
    Kubectl.Result result = kubectl.run("version", "--client", "-o", "json").assertSuccess();
    return JSON.readTree(result.stdout()).path("clientVersion");
  }

  @Test
  void currentKubectlIs132() throws IOException {
    try (Kubectl kubectl = Kubectl.current(kubeconfig())) {
      JsonNode version = clientVersion(kubectl);
      assertEquals("1", version.path("major").asText(), version.toString());
      // The gcloud dispatcher reports "32+" and gitVersion v1.32.x-dispatcher.
      assertEquals("32", version.path("minor").asText().replace("+", ""), version.toString());
      assertTrue(version.path("gitVersion").asText().startsWith("v1.32."), version.toString());
    }
  }

  @Test
  void debianKubectlIs120() throws IOException {
    try (Kubectl kubectl = Kubectl.v120(kubeconfig())) {
      JsonNode version = clientVersion(kubectl);
      assertEquals("1", version.path("major").asText(), version.toString());
      assertEquals("20", version.path("minor").asText(), version.toString());
      assertTrue(version.path("gitVersion").asText().startsWith("v1.20."), version.toString());
      assertFalse(
          kubectl.binary().startsWith("/usr"), "must not be installed: " + kubectl.binary());
    }
  }

  @Test
  void usesTheGivenKubeconfigAndAnIsolatedHome() throws IOException {
    try (Kubectl kubectl = Kubectl.v120(kubeconfig())) {
      Kubectl.Result result =
          kubectl.run("config", "view", "-o", "jsonpath={.contexts[0].context.cluster}");
      assertEquals("harness", result.assertSuccess().stdout(), result.toString());
      assertTrue(Files.isDirectory(kubectl.home()));
      try (var files = Files.list(kubectl.home())) {
        assertEquals(0, files.count(), "HOME starts empty");
      }
    }
  }

  @Test
  void passesStdinAndReportsFailures() throws IOException {
    try (Kubectl kubectl = Kubectl.v120(kubeconfig())) {
      // A client-side dry run reads the file /dev/stdin without contacting a server.
      Kubectl.Result created =
          kubectl.runWithStdin(
              "hello from stdin",
              "create",
              "configmap",
              "from-stdin",
              "--from-file=data=/dev/stdin",
              "--dry-run=client",
              "-o",
              "jsonpath={.data.data}");
      assertEquals("hello from stdin", created.assertSuccess().stdout(), created.toString());

      Kubectl.Result failed = kubectl.run("no-such-verb");
      assertFalse(failed.ok(), failed.toString());
      assertTrue(failed.stderr().contains("unknown command"), failed.toString());
      assertTrue(failed.toString().contains("no-such-verb"), failed.toString());
    }
  }

  @Test
  void timesOutAndStreams() throws IOException, InterruptedException {
    // A listener that never answers: kubectl waits for the TLS handshake until it is killed.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Kubectl kubectl = Kubectl.v120(kubeconfig())) {
      String server = "--server=https://127.0.0.1:" + silent.getLocalPort();
      Kubectl quick = kubectl.withTimeout(Duration.ofSeconds(2));
      AssertionError timedOut =
          assertThrows(AssertionError.class, () -> quick.run(server, "get", "--raw", "/version"));
      assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());

      Process watch = kubectl.start(server, "get", "--raw", "/version");
      assertFalse(watch.waitFor(1, TimeUnit.SECONDS), "still waiting for the server");
      kubectl.close();
      assertTrue(watch.waitFor(10, TimeUnit.SECONDS), "close() kills started processes");
      assertFalse(Files.exists(kubectl.home()), "close() deletes HOME");
    }
  }
}
