package dev.kumo.apiserver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.rest.Json;
import dev.kumo.apiserver.security.Pki;
import dev.kumo.apiserver.security.ServingCertificates;
import dev.kumo.apiserver.security.TokenFile;
import dev.kumo.apiserver.storage.EtcdProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of kumo-apiserver (a child JVM) while clients create ConfigMaps as fast as they can:
 * every create the server acknowledged with 2xx is stored after the restart. Objects the clients
 * never saw acknowledged may or may not be there (etcd may have committed a write whose reply was
 * lost with the process).
 */
class CrashSafetyIT {
  private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyIT.class);
  private static final int WRITERS = 4;
  private static final int CRASHES = 3;
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile int port;

  @Test
  void everyAcknowledgedCreateSurvivesKillNine() throws Exception {
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory("kumo-crash-test");
    Path pki = dir.resolve("pki");
    ServingCertificates certificates = Pki.ensure(pki, List.of());
    String token = TokenFile.ensure(pki).adminToken().orElseThrow();
    HttpClient http = httpClient(certificates);
    Path log = dir.resolve("server.log");
    try (EtcdProcess etcd = EtcdProcess.builder(dir.resolve("etcd")).start()) {
      ServerProcess server = ServerProcess.start(etcd.endpoint(), pki, 0, log);
      port = server.port();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread t = new Thread(() -> write(http, token, writer, stop), "writer-" + w);
        t.start();
        writers.add(t);
      }
      try {
        for (int crash = 1; crash <= CRASHES; crash++) {
          int before = acknowledged.size();
          waitForAcknowledged(before + 150, 60);
          server.kill();
          int atKill = acknowledged.size();
          LOG.info(
              "crash {}: killed the server (SIGKILL) after {} acknowledged creates", crash, atKill);
          Thread.sleep(300);
          server = ServerProcess.start(etcd.endpoint(), pki, port, log);
          assertEquals(port, server.port(), "restarted on the same port");
          waitForAcknowledged(atKill + 50, 60);
          assertMissingNone(http, token, "after crash " + crash);
        }
      } finally {
        stop.set(true);
        for (Thread t : writers) {
          t.join(30_000);
        }
      }
      Set<String> stored = assertMissingNone(http, token, "at the end");
      Set<String> unacknowledged = new TreeSet<>(stored);
      unacknowledged.removeAll(acknowledged);
      server.close();
      LOG.info(
          "{} crashes: {} creates acknowledged, all {} stored; {} requests failed in flight, {}"
              + " refused while down; {} stored objects whose reply was lost; {} ms",
          CRASHES,
          acknowledged.size(),
          acknowledged.size(),
          failed.get(),
          refused.get(),
          unacknowledged.size(),
          (System.nanoTime() - started) / 1_000_000);
      assertTrue(unacknowledged.size() <= failed.get(), "only failed requests may be unaccounted");
    }
  }

  /** Creates ConfigMaps until told to stop, recording each 201. */
  private void write(HttpClient http, String token, int writer, AtomicBoolean stop) {
    for (int i = 0; !stop.get(); i++) {
      String name = "cm-" + writer + "-" + i;
      String body =
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
              + name
              + "\"},\"data\":{\"writer\":\""
              + writer
              + "\",\"seq\":\""
              + i
              + "\"}}";
      try {
        HttpResponse<String> response =
            http.send(
                request(token, CONFIGMAPS)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          acknowledged.add(name);
        } else {
          failed.incrementAndGet();
        }
      } catch (java.net.ConnectException e) {
        refused.incrementAndGet();
        sleep(20);
      } catch (IOException e) {
        failed.incrementAndGet();
        sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Set<String> assertMissingNone(HttpClient http, String token, String when)
      throws Exception {
    // creates acknowledged before the list is read must be in it (the list reads etcd's head)
    Set<String> expected = Set.copyOf(acknowledged);
    HttpResponse<String> response =
        http.send(request(token, CONFIGMAPS).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Set<String> stored = new TreeSet<>();
    for (JsonNode item : Json.MAPPER.readTree(response.body()).path("items")) {
      stored.add(item.path("metadata").path("name").asText());
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(stored);
    assertTrue(missing.isEmpty(), when + ": acknowledged but not stored: " + missing);
    return stored;
  }

  private void waitForAcknowledged(int count, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (acknowledged.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only " + acknowledged.size() + " of " + count + " creates acknowledged in time");
      }
      Thread.sleep(10);
    }
  }

  private HttpRequest.Builder request(String token, String path) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
  }

  private static HttpClient httpClient(ServingCertificates certificates) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(certificates.trustStore());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
