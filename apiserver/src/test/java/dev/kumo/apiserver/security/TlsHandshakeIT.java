package dev.kumo.apiserver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kumo.apiserver.conformance.Kubectl;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes with the generated certificates and the admin token: a JDK {@link
 * HttpsServer} (and a Vert.x server configured from the PEM files, as the API server will be)
 * answers {@code GET /version} for authenticated requests; kubectl 1.32 and 1.20, fabric8, the JDK
 * HTTP client and curl connect with nothing but the written kubeconfig or {@code ca.crt}.
 */
class TlsHandshakeIT {
  private static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.4\",\"gitCommit\":\"kumo\","
          + "\"gitTreeState\":\"clean\",\"buildDate\":\"2025-01-01T00:00:00Z\","
          + "\"goVersion\":\"go1.23.8\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";
  private static final String UNAUTHORIZED =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";

  @TempDir static Path dir;

  private static ServingCertificates certs;
  private static String token;
  private static Authenticator authenticator;
  private static final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private static final List<HttpsServer> jdkServers = new ArrayList<>();
  private static ExecutorService executor;
  private static Vertx vertx;
  private static HttpServer vertxServer;

  /** Status code and body for one request. */
  private record Response(int status, String body) {}

  private static Response handle(String path, String authorization, String userAgent) {
    Optional<User> user = authenticator.authenticate(authorization);
    requests.add(path + " " + user.map(User::name).orElse("<unauthenticated>") + " " + userAgent);
    if (user.isEmpty()) {
      return new Response(401, UNAUTHORIZED);
    }
    return path.equals("/version") ? new Response(200, VERSION) : new Response(404, "{}");
  }

  private static HttpsServer startJdkServer(String host, SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(host, 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.setExecutor(executor);
    server.createContext(
        "/",
        (HttpExchange exchange) -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
          }
          Response response =
              handle(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("User-Agent"));
          byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(response.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    jdkServers.add(server);
    return server;
  }

  @BeforeAll
  static void startServers() throws Exception {
    certs = Pki.ensure(dir.resolve("pki"), List.of());
    TokenFile tokens = TokenFile.ensure(dir.resolve("secrets"));
    token = tokens.adminToken().orElseThrow();
    authenticator = tokens.authenticator();
    executor = Executors.newCachedThreadPool();

    char[] password = "test".toCharArray();
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(certs.keyStore(password), password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    startJdkServer("127.0.0.1", context);
    startJdkServer("127.0.0.2", context);
    if (ipv6Loopback()) {
      startJdkServer("::1", context);
    }

    vertx = Vertx.vertx();
    vertxServer =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(certs.certificateFile().toString())
                            .setKeyPath(certs.keyFile().toString())))
            .requestHandler(
                request -> {
                  Response response =
                      handle(
                          request.path(),
                          request.getHeader("Authorization"),
                          request.getHeader("User-Agent"));
                  request
                      .response()
                      .setStatusCode(response.status())
                      .putHeader("Content-Type", "application/json")
                      .end(response.body());
                })
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopServers() throws Exception {
    jdkServers.forEach(server -> server.stop(0));
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static boolean ipv6Loopback() throws IOException {
    NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    return loopback != null
        && loopback.inetAddresses().anyMatch(address -> address instanceof Inet6Address);
  }

  private static String jdkUrl(String host) {
    for (HttpsServer server : jdkServers) {
      InetSocketAddress address = server.getAddress();
      String bound = address.getAddress().getHostAddress();
      if (bound.equals(host) || (host.equals("::1") && bound.equals("0:0:0:0:0:0:0:1"))) {
        return "https://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + address.getPort();
      }
    }
    throw new IllegalStateException("no server on " + host);
  }

  private static int jdkPort() {
    return jdkServers.get(0).getAddress().getPort();
  }

  private static String vertxUrl() {
    return "https://127.0.0.1:" + vertxServer.actualPort();
  }

  private static Path kubeconfig(String name, String server, String bearerToken)
      throws IOException {
    Path file = dir.resolve("kubeconfigs").resolve(name);
    Kubeconfig.write(file, server, certs.caCertificatePemBytes(), bearerToken, "kumo");
    return file;
  }

  /** A JDK HTTP client that trusts exactly the CA read back from {@code ca.crt}. */
  private static java.net.http.HttpClient jdkClient() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certs.caCertificateFile())) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return java.net.http.HttpClient.newBuilder().sslContext(context).build();
  }

  private static HttpResponse<String> get(
      java.net.http.HttpClient client, String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/version"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jdkClientVerifiesChainAndHostName() throws Exception {
    java.net.http.HttpClient client = jdkClient();
    List<String> urls = new ArrayList<>(List.of(jdkUrl("127.0.0.1"), vertxUrl()));
    urls.add("https://localhost:" + jdkPort());
    if (ipv6Loopback()) {
      urls.add(jdkUrl("::1"));
    }
    for (String url : urls) {
      HttpResponse<String> response = get(client, url, "Bearer " + token);
      assertEquals(200, response.statusCode(), url);
      assertEquals(VERSION, response.body(), url);
    }

    SSLHandshakeException wrongName =
        assertThrows(
            SSLHandshakeException.class,
            () -> get(client, jdkUrl("127.0.0.2"), "Bearer " + token),
            "127.0.0.2 is not a subject alternative name");
    assertTrue(
        String.valueOf(wrongName.getMessage()).contains("127.0.0.2"), wrongName.getMessage());
    assertThrows(
        SSLHandshakeException.class,
        () -> get(java.net.http.HttpClient.newHttpClient(), jdkUrl("127.0.0.1"), "Bearer " + token),
        "the Kumo CA is not in the JDK's default trust store");
  }

  @Test
  void wrongOrMissingTokensAreRejected() throws Exception {
    java.net.http.HttpClient client = jdkClient();
    for (String url : List.of(jdkUrl("127.0.0.1"), vertxUrl())) {
      assertEquals(401, get(client, url, null).statusCode());
      assertEquals(401, get(client, url, "Bearer " + token + "x").statusCode());
      assertEquals(401, get(client, url, "Basic " + token).statusCode());
      assertEquals(200, get(client, url, "bearer " + token).statusCode());
    }
  }

  /** fabric8 with each of its HTTP clients (Vert.x is its default; the JDK one is an option). */
  private static List<HttpClient.Factory> fabric8HttpClients() {
    return List.of(new VertxHttpClientFactory(), new JdkHttpClientFactory());
  }

  @Test
  void fabric8ConnectsWithTheKubeconfig() throws Exception {
    for (HttpClient.Factory httpClient : fabric8HttpClients()) {
      for (String url :
          List.of(jdkUrl("127.0.0.1"), "https://localhost:" + jdkPort(), vertxUrl())) {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig("fabric8", url, token)));
        try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withHttpClientFactory(httpClient)
                .withConfig(config)
                .build()) {
          assertEquals(
              "v1.32.4", client.getKubernetesVersion().getGitVersion(), httpClient + " " + url);
        }
      }

      Config wrong = Config.fromKubeconfig(Files.readString(kubeconfig("bad", vertxUrl(), "nope")));
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withHttpClientFactory(httpClient)
              .withConfig(wrong)
              .build()) {
        KubernetesClientException e =
            assertThrows(KubernetesClientException.class, client::getKubernetesVersion);
        assertEquals(401, e.getCode(), e.toString());
      }
    }
  }

  @Test
  void kubectlConnectsWithTheKubeconfig() throws Exception {
    for (String url : List.of(jdkUrl("127.0.0.1"), "https://localhost:" + jdkPort(), vertxUrl())) {
      Path good = kubeconfig("kubectl", url, token);
      // The dispatcher GETs /version itself (with the token), then runs kubectl.1.32.
      Map<Kubectl, String> userAgents =
          Map.of(Kubectl.current(good), "kubectl/v1.32.", Kubectl.v120(good), "kubectl/v1.20.");
      for (Map.Entry<Kubectl, String> entry : userAgents.entrySet()) {
        try (Kubectl kubectl = entry.getKey()) {
          requests.clear();
          Kubectl.Result result = kubectl.run("get", "--raw", "/version").assertSuccess();
          assertEquals(VERSION, result.stdout().strip(), kubectl + " " + url + ": " + result);
          assertTrue(
              requests.stream().anyMatch(request -> request.contains(" " + entry.getValue())),
              kubectl + " " + url + ": " + requests);
          for (String request : requests) {
            assertTrue(request.startsWith("/version kumo-admin "), request);
          }
        }
      }
      Path bad = kubeconfig("kubectl-bad", url, "nope");
      for (Kubectl kubectl : List.of(Kubectl.current(bad), Kubectl.v120(bad))) {
        try (kubectl) {
          Kubectl.Result result = kubectl.run("get", "--raw", "/version");
          assertFalse(result.ok(), result.toString());
          assertTrue(result.stderr().contains("Unauthorized"), result.toString());
        }
      }
    }
  }

  @Test
  void curlConnectsWithTheCaFile() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    for (String url : List.of(jdkUrl("127.0.0.1"), "https://localhost:" + jdkPort(), vertxUrl())) {
      Curl ok = curl(certs.caCertificateFile(), "Authorization: Bearer " + token, url + "/version");
      assertEquals(0, ok.exitCode(), ok.toString());
      assertEquals(VERSION, ok.output(), ok.toString());

      Curl unauthorized = curl(certs.caCertificateFile(), "X-Nothing: 1", url + "/version");
      assertEquals(0, unauthorized.exitCode(), unauthorized.toString());
      assertEquals(UNAUTHORIZED, unauthorized.output(), unauthorized.toString());
    }
    Path otherCa = Pki.ensure(dir.resolve("other-pki"), List.of()).caCertificateFile();
    Curl untrusted = curl(otherCa, "Authorization: Bearer " + token, vertxUrl() + "/version");
    assertEquals(60, untrusted.exitCode(), "CURLE_PEER_FAILED_VERIFICATION: " + untrusted);
  }

  private record Curl(int exitCode, String output) {}

  private static Curl curl(Path caFile, String header, String url) throws Exception {
    Process process =
        new ProcessBuilder(
                "/usr/bin/curl",
                "-sS",
                "--max-time",
                "20",
                "--cacert",
                caFile.toString(),
                "-H",
                header,
                url)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl finishes");
    return new Curl(process.exitValue(), output);
  }
}
