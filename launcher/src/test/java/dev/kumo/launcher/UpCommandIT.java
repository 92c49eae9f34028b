package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kumo up} as a user runs it, in its own JVM: it starts etcd and the API server, installs
 * the CRDs, writes a private kubeconfig, answers with the admin token only, stops on SIGTERM, and
 * keeps every object across a restart.
 */
class UpCommandIT {

  @TempDir Path dataDir;

  private Process up() throws IOException {
    Path repo = Path.of("").toAbsolutePath().getParent();
    String classpath = System.getProperty("java.class.path");
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dkumo.home=" + repo,
            "-cp",
            classpath,
            "dev.kumo.launcher.Kumo",
            "up",
            "--data-dir",
            dataDir.toString(),
            "--port",
            "0")
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("up.log").toFile())
        .start();
  }

  private void awaitReady(Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dataDir.resolve("ready"))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "kumo up did not start:\n" + Files.readString(dataDir.resolve("up.log")));
      }
      Thread.sleep(100);
    }
  }

  private void stop(Process process) throws Exception {
    process.destroy(); // SIGTERM: the shutdown hook stops the server and etcd
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "kumo up did not stop on SIGTERM");
    Files.deleteIfExists(dataDir.resolve("ready"));
  }

  private HttpClient client() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(dataDir.resolve("pki/ca.crt"))) {
      trust.setCertificateEntry(
          "kumo", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static String kubeconfigField(String kubeconfig, String field) {
    for (String line : kubeconfig.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith(field + ":")) {
        return trimmed.substring(field.length() + 1).trim().replace("\"", "");
      }
    }
    throw new AssertionError(field + " not in kubeconfig:\n" + kubeconfig);
  }

  private static HttpResponse<String> send(
      HttpClient client, String server, String token, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void upServesTheCrdsSecurelyAndKeepsDataAcrossARestart() throws Exception {
    Process first = up();
    try {
      awaitReady(first);
      String log = Files.readString(dataDir.resolve("up.log"));
      assertTrue(log.contains("(17 CRDs installed)"), log);
      assertTrue(log.contains("export KUBECONFIG=" + dataDir.resolve("kubeconfig")), log);
      Path kubeconfig = dataDir.resolve("kubeconfig");
      Set<PosixFilePermission> owner =
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertEquals(owner, Files.getPosixFilePermissions(kubeconfig));
      assertEquals(owner, Files.getPosixFilePermissions(dataDir.resolve("pki/server.key")));
      assertEquals(owner, Files.getPosixFilePermissions(dataDir.resolve("pki/tokens.csv")));
      String config = Files.readString(kubeconfig);
      String server = kubeconfigField(config, "server");
      String token = kubeconfigField(config, "token");
      assertTrue(server.startsWith("https://127.0.0.1:"), server);
      HttpClient client = client();
      assertEquals(401, send(client, server, null, "GET", "/api/v1/namespaces", null).statusCode());
      HttpResponse<String> crds =
          send(
              client,
              server,
              token,
              "GET",
              "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
              null);
      assertEquals(200, crds.statusCode());
      assertTrue(crds.body().contains("vminstances.compute.kumo.dev"));
      String zone =
          "{\"apiVersion\":\"infra.kumo.dev/v1alpha1\",\"kind\":\"Zone\",\"metadata\":{\"name\":\"kept\"},\"spec\":{}}";
      assertEquals(
          201,
          send(client, server, token, "POST", "/apis/infra.kumo.dev/v1alpha1/zones", zone)
              .statusCode());
    } finally {
      stop(first);
    }
    Process second = up();
    try {
      awaitReady(second);
      String config = Files.readString(dataDir.resolve("kubeconfig"));
      HttpResponse<String> kept =
          send(
              client(),
              kubeconfigField(config, "server"),
              kubeconfigField(config, "token"),
              "GET",
              "/apis/infra.kumo.dev/v1alpha1/zones/kept",
              null);
      assertEquals(200, kept.statusCode(), kept.body());
      assertTrue(
          List.of(Files.readString(dataDir.resolve("up.log")).split("\n")).stream()
              .anyMatch(l -> l.startsWith("etcd http://127.0.0.1:")));
    } finally {
      stop(second);
    }
  }
}
