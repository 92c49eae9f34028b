package dev.kumo.apiserver.conformance;

import dev.kumo.apiserver.server.ServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One test class's control plane (real etcd and kumo-apiserver on HTTPS with Kumo's CRDs, from
 * {@link ServerFixture}) and both kubectls of the suite pointed at it.
 */
final class ConformanceCluster implements AutoCloseable {
  private final ServerFixture fixture;
  private final List<Client> clients;
  private final Path scratch;

  private ConformanceCluster(ServerFixture fixture) throws IOException {
    this.fixture = fixture;
    this.clients =
        List.of(
            new Client("k132", Kubectl.current(fixture.kubeconfig()), true),
            new Client("k120", Kubectl.v120(fixture.kubeconfig()), false));
    this.scratch = Files.createDirectory(fixture.dir().resolve("manifests"));
  }

  /** Starts etcd and the API server and sets up both kubectls. */
  static ConformanceCluster start() throws Exception {
    ServerFixture fixture = new ServerFixture();
    try {
      return new ConformanceCluster(fixture);
    } catch (IOException | RuntimeException e) {
      fixture.close();
      throw e;
    }
  }

  /** kubectl 1.32 then kubectl 1.20. */
  List<Client> clients() {
    return clients;
  }

  /** kubectl 1.32 (the one on PATH). */
  Client modern() {
    return clients.get(0);
  }

  /** The server under test. */
  ServerFixture fixture() {
    return fixture;
  }

  /** A file or directory under the repository's {@code samples/}. */
  static Path sample(String relative) {
    return ServerFixture.repositoryRoot().resolve("samples").resolve(relative);
  }

  /** A file of this suite's test resources ({@code src/test/resources/conformance/}). */
  static Path resource(String name) {
    try {
      return Path.of(ConformanceCluster.class.getResource("/conformance/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource conformance/" + name, e);
    }
  }

  /** Writes a manifest (or script) into this cluster's scratch directory and returns its path. */
  Path write(String fileName, String content) {
    try {
      return Files.writeString(scratch.resolve(fileName), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A merge patch to the status subresource over HTTPS, as a controller would send it (kubectl 1.20
   * has no {@code --subresource}).
   */
  void patchStatus(String path, String mergePatch) throws IOException, InterruptedException {
    HttpResponse<String> response =
        fixture.request("PATCH", path + "/status", "application/merge-patch+json", mergePatch);
    if (response.statusCode() != 200) {
      throw new AssertionError("status patch of " + path + ": " + response.body());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (Client client : clients) {
        client.kubectl().close();
      }
    } finally {
      fixture.close();
    }
  }
}
