package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.crd.Manifests;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission.FieldValidation;
import dev.kumo.apiserver.rest.Json;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.security.Kubeconfig;
import dev.kumo.apiserver.security.Pki;
import dev.kumo.apiserver.security.ServingCertificates;
import dev.kumo.apiserver.security.TokenFile;
import dev.kumo.apiserver.storage.EtcdProcess;
import dev.kumo.apiserver.storage.EtcdStore;
import dev.kumo.apiserver.storage.EtcdTestSupport;
import dev.kumo.apiserver.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real control plane for tests: etcd from Debian on free ports in a temporary directory, the
 * generated CA, serving certificate and admin token, kumo-apiserver on HTTPS with Kumo's CRDs
 * installed, and a kubeconfig. {@link #restart()} stops and starts the API server on the same etcd
 * and port (CrashSafetyIT kills one with SIGKILL instead).
 */
public final class ServerFixture implements AutoCloseable {
  private final Path dir;
  private final EtcdProcess etcd;
  private final ServingCertificates certificates;
  private final TokenFile tokens;
  private EtcdStore store;
  private ApiServer server;
  private int port;
  private final Path kubeconfig;
  private final HttpClient http;
  private final Path etcdDir;

  public ServerFixture() throws Exception {
    dir = Files.createTempDirectory("kumo-server-test");
    etcdDir = EtcdTestSupport.memoryBackedTempDirectory("kumo-server-etcd-");
    etcd = EtcdProcess.builder(etcdDir.resolve("etcd")).start();
    certificates = Pki.ensure(dir.resolve("pki"), List.of());
    tokens = TokenFile.ensure(dir.resolve("pki"));
    startServer(0);
    kubeconfig = dir.resolve("kubeconfig");
    Kubeconfig.write(kubeconfig, url(), certificates.caCertificatePemBytes(), token(), "kumo-test");
    KeyStore trust = certificates.trustStore();
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
    installCrds();
  }

  private void startServer(int requestedPort) throws Exception {
    store = EtcdStore.connect(List.of(etcd.endpoint()));
    server =
        ApiServer.start(
            new ApiServer.Options(
                "127.0.0.1",
                requestedPort,
                certificates.certificateFile(),
                certificates.keyFile(),
                header -> tokens.authenticator().authenticate(header).map(u -> u.name()),
                32),
            store);
    port = server.port();
  }

  /** Stops the API server cleanly and starts a new one on the same port and etcd. */
  public void restart() throws Exception {
    server.close();
    store.close();
    startServer(port);
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public String token() {
    return tokens.adminToken().orElseThrow();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path dir() {
    return dir;
  }

  public ApiServer server() {
    return server;
  }

  public EtcdProcess etcd() {
    return etcd;
  }

  /** The etcd keys under a prefix, read directly from etcd. */
  public List<String> etcdKeys(String prefix) {
    try (EtcdStore direct = EtcdStore.connect(List.of(etcd.endpoint()))) {
      List<String> keys = new ArrayList<>();
      for (Store.Kv kv : direct.list(prefix, null, 0, 0).kvs()) {
        keys.add(kv.key());
      }
      return keys;
    }
  }

  /** The current etcd revision, read directly from etcd. */
  public long etcdRevision() {
    try (EtcdStore direct = EtcdStore.connect(List.of(etcd.endpoint()))) {
      return direct.currentRevision();
    }
  }

  /** A raw HTTPS request with the admin token (or none when {@code token} is null). */
  public HttpResponse<String> request(
      String method, String path, String contentType, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A raw HTTPS request as the admin. */
  public HttpResponse<String> request(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    return request(method, path, contentType, body, token());
  }

  /** A raw HTTPS request as the admin with a binary body (e.g. protobuf). */
  public HttpResponse<String> requestBytes(
      String method, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + token())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Parses a response body. */
  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  private void installCrds() throws IOException {
    ResourceService resources = server.resources();
    ResourceType crdType =
        resources
            .registry()
            .find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            .orElseThrow();
    List<Path> files;
    try (Stream<Path> list = Files.list(repositoryRoot().resolve("crds"))) {
      files = list.filter(Manifests::isManifestFile).sorted().toList();
    }
    for (Path file : files) {
      for (Manifests.Document document : Manifests.read(file)) {
        resources.create(
            crdType,
            null,
            (ObjectNode) document.object(),
            new ResourceService.WriteOptions(false, "test", FieldValidation.STRICT, false));
      }
    }
  }

  /** The repository root (the parent of the apiserver module). */
  public static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("crds")) ? here : here.getParent();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
    etcd.close();
    try {
      EtcdTestSupport.deleteRecursively(etcdDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
