package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.controllers.ControllerManager;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.reconcilers.config.GlobalConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The whole control plane in one JVM for launcher ITs: the real API server over etcd, the
 * quickstart's infrastructure (samples 01, 02 and 04–07: zone-1, cluster-1, local-ps, the image
 * store on 127.0.0.1 with image kumo-test-guest, offerings small and disk-1g, flat-l2 and
 * private-l3), VM deletion policy Direct, the controller manager in process and simulated hosts
 * host-1… from 127.0.0.1 on (host-1 serves the image store) with a short heartbeat lease.
 */
final class ControlPlane implements AutoCloseable {
  private static final Set<String> QUICKSTART =
      Set.of(
          "01-zone.yaml",
          "02-cluster.yaml",
          "04-primary-storage.yaml",
          "05-backup-storage.yaml",
          "06-offerings.yaml",
          "07-network.yaml");

  final ServerFixture fixture;
  final KubernetesClient client;
  final SimulatedFleet fleet;
  private final KubernetesClient managerClient;
  private final ControllerManager manager;

  /**
   * Starts everything and waits until every host is Ready and the image is stored.
   *
   * @param hosts how many simulated hosts
   * @param namespace a namespace to create for the test's VMs
   * @param lease the node daemons' heartbeat lease
   * @param fullSync the node daemons' full-sync period
   */
  ControlPlane(int hosts, String namespace, Duration lease, Duration fullSync) throws Exception {
    fixture = new ServerFixture();
    client = KubeClients.fromKubeconfig(fixture.kubeconfig());
    Path quickstart = ServerFixture.repositoryRoot().resolve("samples/quickstart");
    try (Stream<Path> files = Files.list(quickstart)) {
      for (Path f :
          files.filter(p -> QUICKSTART.contains(p.getFileName().toString())).sorted().toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          client.load(in).create();
        }
      }
    }
    for (String ns : List.of(namespace, Labels.SYSTEM_NAMESPACE)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    Map<String, String> config = GlobalConfig.defaultData();
    config.put("vm.deletionPolicy", "Direct");
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(GlobalConfig.CONFIG_MAP)
                .withNamespace(Labels.SYSTEM_NAMESPACE)
                .endMetadata()
                .withData(config)
                .build())
        .create();
    managerClient = KubeClients.fromKubeconfig(fixture.kubeconfig());
    manager = ControllerManager.start(managerClient, ControllerManager.Options.defaults("cm"));
    assertTrue(manager.awaitLeadership(Duration.ofSeconds(30)), "leader elected");
    fleet =
        new SimulatedFleet(
            Config.fromKubeconfig(Files.readString(fixture.kubeconfig())),
            SimulatedFleet.Options.defaults("cluster-1")
                .withBaseManagementIp("127.0.0.1")
                .withTimings(lease, fullSync));
    for (int i = 1; i <= hosts; i++) {
      fleet.add("host-" + i);
    }
    await(
        "every host Ready and image kumo-test-guest stored",
        Duration.ofSeconds(30),
        () ->
            client.resources(Host.class).list().getItems().stream()
                        .filter(h -> h.getStatus() != null && ready(h.getStatus().conditions))
                        .count()
                    == hosts
                && ready(
                    Objects.requireNonNull(
                            client.resources(Image.class).withName("kumo-test-guest").get())
                        .getStatus()));
  }

  private static boolean ready(dev.kumo.api.common.KumoStatus status) {
    return status != null && ready(status.conditions);
  }

  private static boolean ready(List<dev.kumo.api.common.Condition> conditions) {
    return Conditions.isTrue(conditions, ConditionTypes.READY);
  }

  /** A VM of offering small booting kumo-test-guest with one NIC on {@code l3}. */
  static VmInstance vm(String namespace, String name, String l3) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.instanceOfferingRef = "small";
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = l3;
    spec.nics = List.of(nic);
    vm.setSpec(spec);
    return vm;
  }

  /** Whether the VM exists and its Ready condition is True. */
  boolean vmReady(String namespace, String name) {
    VmInstance vm = client.resources(VmInstance.class).inNamespace(namespace).withName(name).get();
    return vm != null && ready(vm.getStatus());
  }

  /** The Events about {@code object} with this reason (newest state of the list). */
  List<Event> events(HasMetadata object, String reason) {
    String ns =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .filter(e -> object.getKind().equals(e.getInvolvedObject().getKind()))
        .filter(e -> object.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Polls {@code done} every 200 ms until it holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    await(what, timeout, done, () -> "");
  }

  /**
   * Like {@link #await(String, Duration, BooleanSupplier)}, with what was seen last in the failure
   * message.
   */
  static void await(String what, Duration timeout, BooleanSupplier done, Supplier<Object> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (NullPointerException e) {
        // the object is not there (yet)
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + seenText(seen));
  }

  private static String seenText(Supplier<Object> seen) {
    try {
      Object s = seen.get();
      return s == null || "".equals(s) ? "" : "; last seen: " + s;
    } catch (RuntimeException e) {
      return "; last seen: " + e;
    }
  }

  @Override
  public void close() {
    fleet.close();
    manager.close();
    managerClient.close();
    client.close();
    fixture.close();
  }
}
