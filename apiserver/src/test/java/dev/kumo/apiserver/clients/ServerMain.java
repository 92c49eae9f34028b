package dev.kumo.apiserver.clients;

import dev.kumo.apiserver.security.Pki;
import dev.kumo.apiserver.security.ServingCertificates;
import dev.kumo.apiserver.security.TokenFile;
import dev.kumo.apiserver.server.ApiServer;
import dev.kumo.apiserver.storage.EtcdStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Test-only launcher of kumo-apiserver in its own JVM, so that a test can kill it with SIGKILL.
 * Arguments: etcd endpoint, PKI directory (CA, serving certificate and token file, created when
 * missing), port (0 for a free one). Prints {@code READY <port>} once it serves.
 */
public final class ServerMain {
  private ServerMain() {}

  /** Starts the server and serves until killed. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: ServerMain <etcd endpoint> <pki dir> <port>");
    }
    Path pki = Path.of(args[1]);
    ServingCertificates certificates = Pki.ensure(pki, List.of());
    TokenFile tokens = TokenFile.ensure(pki);
    EtcdStore store = EtcdStore.connect(List.of(args[0]));
    ApiServer server =
        ApiServer.start(
            new ApiServer.Options(
                "127.0.0.1",
                Integer.parseInt(args[2]),
                certificates.certificateFile(),
                certificates.keyFile(),
                header -> tokens.authenticator().authenticate(header).map(u -> u.name()),
                32),
            store);
    System.out.println("READY " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
