package dev.kumo.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.crd.Manifests;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission.FieldValidation;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.security.Kubeconfig;
import dev.kumo.apiserver.security.Pki;
import dev.kumo.apiserver.security.ServingCertificates;
import dev.kumo.apiserver.security.TokenFile;
import dev.kumo.apiserver.server.ApiServer;
import dev.kumo.apiserver.storage.Compactor;
import dev.kumo.apiserver.storage.EtcdProcess;
import dev.kumo.apiserver.storage.EtcdStore;
import dev.kumo.controllers.ControllerManager;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.node.driver.SimulatorDriver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code kumo up}: starts etcd (unless {@code --etcd-endpoints} names an existing cluster) and
 * kumo-apiserver on HTTPS with a generated CA and an admin token, installs Kumo's CRDs, writes
 * {@code <data-dir>/kubeconfig}, and runs until stopped. Everything lives in the data directory, so
 * a restart picks up where it left off.
 */
final class UpCommand {
  private Path dataDir = Path.of(System.getProperty("user.home"), ".kumo");
  private final List<String> etcdEndpoints = new ArrayList<>();
  private String bindAddress = "127.0.0.1";
  private int port = 6443;
  private Path crds;
  private int hosts = 1;
  private double failureRate;

  static UpCommand parse(String[] args, Path home) {
    UpCommand command = new UpCommand();
    command.crds = home.resolve("crds");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data-dir" -> command.dataDir = Path.of(require(args[i], value));
        case "--etcd-endpoints" -> {
          for (String e : require(args[i], value).split(",")) {
            command.etcdEndpoints.add(e.trim());
          }
        }
        case "--bind-address" -> command.bindAddress = require(args[i], value);
        case "--port" -> command.port = Integer.parseInt(require(args[i], value));
        case "--crds" -> command.crds = Path.of(require(args[i], value));
        case "--simulate" -> {
          // The simulator is the only driver until the libvirt driver lands; the flag is accepted
          // so that scripts written today keep working then.
          i--;
        }
        case "--hosts" -> {
          command.hosts = Integer.parseInt(require(args[i], value));
          if (command.hosts < 0) {
            throw new IllegalArgumentException("--hosts must be 0 or more");
          }
        }
        case "--sim-failure-rate" -> {
          command.failureRate = Double.parseDouble(require(args[i], value));
          if (!(command.failureRate >= 0 && command.failureRate < 1)) {
            throw new IllegalArgumentException("--sim-failure-rate must be in [0, 1)");
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    return command;
  }

  private static String require(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  int run(PrintStream out, PrintStream err) throws Exception {
    Files.createDirectories(dataDir);
    dataDir.toFile().setReadable(false, false);
    dataDir.toFile().setReadable(true, true);
    dataDir.toFile().setExecutable(false, false);
    dataDir.toFile().setExecutable(true, true);
    EtcdProcess etcd = null;
    List<String> endpoints = etcdEndpoints;
    if (endpoints.isEmpty()) {
      int[] ports = etcdPorts();
      etcd =
          EtcdProcess.builder(dataDir.resolve("etcd"))
              .clientPort(ports[0])
              .peerPort(ports[1])
              .logFile(dataDir.resolve("etcd.log"))
              .start();
      endpoints = List.of(etcd.endpoint());
      out.println("etcd " + etcd.endpoint() + " (data in " + dataDir.resolve("etcd") + ")");
    }
    Path pkiDir = dataDir.resolve("pki");
    List<String> sans = new ArrayList<>();
    if (!bindAddress.equals("127.0.0.1") && !bindAddress.equals("0.0.0.0")) {
      sans.add(bindAddress);
    }
    ServingCertificates certificates = Pki.ensure(pkiDir, sans);
    TokenFile tokens = TokenFile.ensure(pkiDir);
    EtcdStore store = EtcdStore.connect(endpoints);
    ApiServer server =
        ApiServer.start(
            new ApiServer.Options(
                bindAddress,
                port,
                certificates.certificateFile(),
                certificates.keyFile(),
                header -> tokens.authenticator().authenticate(header).map(u -> u.name()),
                64),
            store);
    Compactor compactor = new Compactor(store, Compactor.DEFAULT_INTERVAL);
    compactor.start();
    int installed = installCrds(server);
    String host = bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress;
    String url = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    Path kubeconfig = dataDir.resolve("kubeconfig");
    Kubeconfig.write(
        kubeconfig,
        url,
        certificates.caCertificatePemBytes(),
        tokens.adminToken().orElseThrow(),
        "kumo");
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig);
    ControllerManager manager =
        ControllerManager.start(
            client,
            new ControllerManager.Options(
                "kumo-up-" + ProcessHandle.current().pid(), true, 32, false));
    SimulatedFleet fleet =
        new SimulatedFleet(
            Config.fromKubeconfig(Files.readString(kubeconfig)),
            SimulatedFleet.Options.defaults("cluster-1")
                .withBaseManagementIp("127.0.0.1")
                .withSimulator(
                    SimulatorDriver.Options.defaults("sim").withFailures(failureRate, 1)));
    for (int i = 1; i <= hosts; i++) {
      fleet.add("host-" + i);
    }
    EtcdProcess etcdProcess = etcd;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fleet.close();
                  manager.close();
                  client.close();
                  compactor.close();
                  server.close();
                  store.close();
                  if (etcdProcess != null) {
                    etcdProcess.close();
                  }
                  stopped.countDown();
                }));
    out.println("kumo-apiserver " + url + " (" + installed + " CRDs installed)");
    out.println(
        "kumo-controller-manager (leader election on Lease kumo-system/kumo-controller-manager)");
    out.println(
        hosts
            + " simulated host(s) host-1.. in cluster-1 from 127.0.0.1 (node daemons with the"
            + " simulator driver"
            + (failureRate > 0 ? ", " + failureRate + " of driver calls failing" : "")
            + ")");
    out.println();
    out.println("Kumo's control plane is up. Use it with:");
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  kubectl apply -f samples/quickstart/");
    out.println("  kubectl wait --for=condition=Ready vm/vm-1 --timeout=120s");
    out.println("  kubectl get vm -o wide");
    out.println("  kubectl get kumo");
    out.println("Stop it with ./kumo down; data stays in " + dataDir + ".");
    out.flush();
    Files.writeString(dataDir.resolve("ready"), url + "\n", StandardCharsets.UTF_8);
    stopped.await();
    return 0;
  }

  /** The etcd client and peer ports, chosen once and kept in the data directory. */
  private int[] etcdPorts() throws IOException {
    Path file = dataDir.resolve("etcd.ports");
    if (Files.exists(file)) {
      String[] parts = Files.readString(file).trim().split(",");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
    int client = freePort();
    int peer = freePort();
    Files.writeString(file, client + "," + peer + "\n");
    return new int[] {client, peer};
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Creates or updates every CRD in the crds directory, as {@code kubectl apply} would. */
  private int installCrds(ApiServer server) throws IOException {
    ResourceService resources = server.resources();
    ResourceType crdType =
        resources
            .registry()
            .find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            .orElseThrow();
    int count = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(crds)) {
      files = list.filter(Manifests::isManifestFile).sorted().toList();
    }
    ResourceService.WriteOptions options =
        new ResourceService.WriteOptions(false, "kumo-up", FieldValidation.STRICT, true);
    for (Path file : files) {
      for (Manifests.Document document : Manifests.read(file)) {
        ObjectNode crd = (ObjectNode) document.object();
        String name = crd.path("metadata").path("name").asText();
        try {
          resources.create(crdType, null, crd, options);
        } catch (ApiException e) {
          if (e.code() != 409) {
            throw e;
          }
          ObjectNode current = resources.get(crdType, null, name);
          ObjectNode next = current.deepCopy();
          next.set("spec", crd.get("spec"));
          resources.update(crdType, null, name, null, next, options);
        }
        count++;
      }
    }
    return count;
  }
}
