package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.controllers.ControllerManager;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.SimulatorDriver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZStack's host operations on a simulated fleet: a host in Maintenance stops its VMs (local storage
 * does not allow migration) and they start again when it is Enabled; a deleted host's VMs are
 * stopped and taken off it, and report that their local root volume is unreachable.
 */
class HostMaintenanceIT {
  private static ServerFixture fixture;
  private static KubernetesClient client;
  private static SimulatedFleet fleet;
  private static ControllerManager manager;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    client = KubeClients.fromKubeconfig(fixture.kubeconfig());
    Path quickstart = ServerFixture.repositoryRoot().resolve("samples/quickstart");
    try (Stream<Path> files = Files.list(quickstart)) {
      for (Path f :
          files
              .sorted()
              .filter(p -> !p.toString().endsWith("03-host.yaml"))
              .filter(p -> !p.toString().endsWith("08-vm.yaml"))
              .toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          client.load(in).create();
        }
      }
    }
    fleet =
        new SimulatedFleet(
            Config.fromKubeconfig(Files.readString(fixture.kubeconfig())),
            SimulatedFleet.Options.defaults("cluster-1")
                .withBaseManagementIp("127.0.0.1")
                .withSimulator(SimulatorDriver.Options.defaults("sim"))
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    fleet.add("host-1");
    fleet.add("host-2");
    manager = ControllerManager.start(client, ControllerManager.Options.defaults("cm"));
    assertTrue(manager.awaitLeadership(Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (client != null) {
      client.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static VmInstance vm(String name, String host) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.instanceOfferingRef = "small";
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = "private-l3";
    spec.nics = List.of(nic);
    spec.placement = new Placement();
    spec.placement.hostRef = host;
    vm.setSpec(spec);
    return vm;
  }

  private static VmInstance get(String name) {
    return client.resources(VmInstance.class).inNamespace("default").withName(name).get();
  }

  private static <T> T await(String what, Supplier<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + "; last: " + last);
  }

  private static boolean ready(VmInstance v) {
    return v.getStatus() != null
        && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY);
  }

  private static Condition condition(VmInstance v, String type) {
    return Conditions.find(v.getStatus().conditions, type).orElseThrow();
  }

  private static Optional<DomainInfo> domain(String host, VmInstance vm) {
    return fleet.driver(host).compute().get(vm.getMetadata().getUid());
  }

  private static void setHostState(String host, MaintainableState state) {
    Conflicts.retry(
        () ->
            client
                .resources(Host.class)
                .withName(host)
                .edit(
                    h -> {
                      h.getSpec().state = state;
                      return h;
                    }));
  }

  @Test
  void maintenanceStopsTheHostsVmsAndEnablingStartsThemAgain() throws Exception {
    client.resource(vm("m-1", "host-1")).create();
    client.resource(vm("m-2", "host-1")).create();
    VmInstance m1 = await("m-1 running", () -> get("m-1"), HostMaintenanceIT::ready);
    await("m-2 running", () -> get("m-2"), HostMaintenanceIT::ready);
    assertEquals(DomainState.Running, domain("host-1", m1).orElseThrow().state());

    setHostState("host-1", MaintainableState.Maintenance);
    VmInstance stopped =
        await(
            "m-1 stopped by maintenance",
            () -> get("m-1"),
            v -> v.getStatus().state == VmState.Stopped);
    assertEquals("HostMaintenance", condition(stopped, ConditionTypes.READY).reason);
    assertTrue(Conditions.isTrue(stopped.getStatus().conditions, ConditionTypes.EVICTED));
    assertEquals(DomainState.Stopped, domain("host-1", stopped).orElseThrow().state());
    await("m-2 stopped", () -> get("m-2"), v -> v.getStatus().state == VmState.Stopped);

    // No new VM is placed on a host in Maintenance.
    client.resource(vm("m-3", "host-1")).create();
    VmInstance refused =
        await(
            "m-3 unschedulable",
            () -> get("m-3"),
            v ->
                v.getStatus() != null
                    && Conditions.find(v.getStatus().conditions, ConditionTypes.SCHEDULED)
                        .map(c -> "NoCapacity".equals(c.reason))
                        .orElse(false));
    assertTrue(
        condition(refused, ConditionTypes.SCHEDULED).message.contains("in maintenance"),
        condition(refused, ConditionTypes.SCHEDULED).message);

    setHostState("host-1", MaintainableState.Enabled);
    VmInstance again = await("m-1 running again", () -> get("m-1"), HostMaintenanceIT::ready);
    assertEquals(VmState.Running, again.getStatus().state);
    assertEquals("HostAvailable", condition(again, ConditionTypes.EVICTED).reason);
    assertEquals(DomainState.Running, domain("host-1", again).orElseThrow().state());
    await("m-3 placed once the host is Enabled", () -> get("m-3"), HostMaintenanceIT::ready);
  }

  @Test
  void deletingAHostStopsItsVmsAndTakesThemOffIt() throws Exception {
    client.resource(vm("d-1", "host-2")).create();
    VmInstance running = await("d-1 running", () -> get("d-1"), HostMaintenanceIT::ready);
    assertTrue(domain("host-2", running).isPresent());

    client.resources(Host.class).withName("host-2").delete();
    VmInstance off =
        await(
            "d-1 taken off host-2",
            () -> get("d-1"),
            v -> v.getStatus().hostRef == null && v.getStatus().state == VmState.Stopped);
    assertEquals("host-2", off.getStatus().lastHostRef);
    await(
        "d-1's domain undefined on host-2",
        () -> domain("host-2", running).isEmpty() ? "gone" : null,
        x -> true);
    VmInstance stuck =
        await(
            "d-1 reports its unreachable root volume",
            () -> get("d-1"),
            v -> "RootVolumeUnreachable".equals(condition(v, ConditionTypes.READY).reason));
    assertNull(stuck.getStatus().hostRef);
    assertTrue(condition(stuck, ConditionTypes.READY).message.contains("host-2"));
  }
}
