package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityGroupSpec;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.CreationStrategy;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.HaLevel;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.controllers.ControllerManager;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.SimulatorDriver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VM lifecycle on simulated hosts, driven only through the VM's spec and annotations: power
 * states, reboot, ZStack's HA (NeverStop) after a crash, change of offering, the JustCreate
 * creation strategy and hard anti-affinity.
 */
class VmLifecycleIT {
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
    InstanceOffering large = new InstanceOffering();
    large.setMetadata(new ObjectMetaBuilder().withName("large").build());
    large.setSpec(new InstanceOfferingSpec());
    large.getSpec().cpu = 2;
    large.getSpec().memory = new Quantity("1Gi");
    client.resource(large).create();
    fleet =
        new SimulatedFleet(
            Config.fromKubeconfig(Files.readString(fixture.kubeconfig())),
            SimulatedFleet.Options.defaults("cluster-1")
                .withBaseManagementIp("127.0.0.1")
                .withSimulator(SimulatorDriver.Options.defaults("sim"))
                .withTimings(Duration.ofSeconds(6), Duration.ofSeconds(2)));
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

  private static VmInstance vm(String name, Consumer<VmInstanceSpec> tweak) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.instanceOfferingRef = "small";
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = "private-l3";
    spec.nics = List.of(nic);
    tweak.accept(spec);
    vm.setSpec(spec);
    return client.resource(vm).create();
  }

  private static VmInstance get(String name) {
    return client.resources(VmInstance.class).inNamespace("default").withName(name).get();
  }

  /** fabric8's edit sends the resourceVersion it read; like a user, try again on 409. */
  private static VmInstance edit(String name, Consumer<VmInstance> change) {
    for (int attempt = 0; ; attempt++) {
      try {
        return client
            .resources(VmInstance.class)
            .inNamespace("default")
            .withName(name)
            .edit(
                v -> {
                  change.accept(v);
                  return v;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  private static <T> T await(String what, Supplier<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; last: " + last);
  }

  private static boolean ready(VmInstance v) {
    return v.getStatus() != null
        && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY);
  }

  private static boolean state(VmInstance v, VmState s) {
    return v.getStatus() != null && v.getStatus().state == s && ready(v);
  }

  private static Condition condition(VmInstance v, String type) {
    return Conditions.find(v.getStatus().conditions, type).orElseThrow();
  }

  private static DomainInfo domain(VmInstance vm) {
    return fleet
        .driver(vm.getStatus().hostRef)
        .compute()
        .get(vm.getMetadata().getUid())
        .orElseThrow();
  }

  @Test
  void powerStatesAndRebootFollowTheSpec() throws Exception {
    vm("power", s -> {});
    VmInstance running = await("running", () -> get("power"), v -> state(v, VmState.Running));
    assertEquals(DomainState.Running, domain(running).state());

    edit("power", v -> v.getSpec().state = PowerState.Paused);
    assertEquals(
        DomainState.Paused,
        domain(await("paused", () -> get("power"), v -> state(v, VmState.Paused))).state());
    edit("power", v -> v.getSpec().state = PowerState.Stopped);
    VmInstance stopped = await("stopped", () -> get("power"), v -> state(v, VmState.Stopped));
    assertEquals(DomainState.Stopped, domain(stopped).state());
    edit("power", v -> v.getSpec().state = PowerState.Running);
    await("running again", () -> get("power"), v -> state(v, VmState.Running));

    edit("power", v -> v.getMetadata().getAnnotations().put(Labels.REBOOT_REQUESTED, "first"));
    VmInstance rebooted =
        await(
            "rebooted",
            () -> get("power"),
            v -> state(v, VmState.Running) && "first".equals(v.getStatus().runtime.rebootToken));
    assertEquals(DomainState.Running, domain(rebooted).state());
  }

  @Test
  void neverStopVmsAreRestartedAfterACrashOthersStayStopped() throws Exception {
    VmInstance ha = vm("ha", s -> s.haLevel = HaLevel.NeverStop);
    VmInstance plain = vm("plain", s -> {});
    ha = await("ha running", () -> get("ha"), v -> state(v, VmState.Running));
    plain = await("plain running", () -> get("plain"), v -> state(v, VmState.Running));
    fleet.driver(ha.getStatus().hostRef).crash(ha.getMetadata().getUid());
    fleet.driver(plain.getStatus().hostRef).crash(plain.getMetadata().getUid());

    VmInstance crashed =
        await(
            "plain reported crashed",
            () -> get("plain"),
            v -> v.getStatus().state == VmState.Stopped && !ready(v));
    assertEquals("Crashed", condition(crashed, ConditionTypes.READY).reason);
    assertEquals(DomainState.Crashed, domain(crashed).state());
    // The NeverStop VM was started again by its host (the full sync sees the crash).
    Thread.sleep(3000);
    VmInstance restarted = await("ha running", () -> get("ha"), v -> state(v, VmState.Running));
    assertEquals(DomainState.Running, domain(restarted).state());
  }

  @Test
  void changingTheOfferingResizesOnTheSameHostAtTheNextRestart() throws Exception {
    vm("grow", s -> {});
    VmInstance small = await("grow running", () -> get("grow"), v -> state(v, VmState.Running));
    assertEquals(1, domain(small).spec().cpu());

    edit("grow", v -> v.getSpec().instanceOfferingRef = "large");
    VmInstance resized =
        await("grow resized", () -> get("grow"), v -> Integer.valueOf(2).equals(v.getStatus().cpu));
    assertEquals("Resized", condition(resized, "Resized").reason);
    assertEquals(new Quantity("1Gi"), resized.getStatus().memory);
    assertEquals(small.getStatus().hostRef, resized.getStatus().hostRef, "stays on its host");

    edit("grow", v -> v.getMetadata().getAnnotations().put(Labels.REBOOT_REQUESTED, "resize"));
    VmInstance after =
        await(
            "grow restarted",
            () -> get("grow"),
            v -> state(v, VmState.Running) && "resize".equals(v.getStatus().runtime.rebootToken));
    assertEquals(2, domain(after).spec().cpu());
    assertEquals(1024L * 1024 * 1024, domain(after).spec().memoryBytes());
  }

  @Test
  void justCreateRecordsOnlyUntilTheVmShouldRun() throws Exception {
    vm(
        "later",
        s -> {
          s.creationStrategy = CreationStrategy.JustCreate;
          s.state = PowerState.Stopped;
        });
    VmInstance recorded =
        await(
            "later recorded",
            () -> get("later"),
            v -> v.getStatus() != null && v.getStatus().state == VmState.Created);
    assertNull(recorded.getStatus().hostRef);
    assertTrue(
        client
            .resources(IpAddress.class)
            .withLabel(Labels.VM, "later")
            .list()
            .getItems()
            .isEmpty());
    edit("later", v -> v.getSpec().state = PowerState.Running);
    await("later running", () -> get("later"), v -> state(v, VmState.Running));
  }

  @Test
  void hardAntiAffinityKeepsMembersApartAndRefusesAThirdOnTwoHosts() throws Exception {
    AffinityGroup group = new AffinityGroup();
    group.setMetadata(new ObjectMetaBuilder().withName("apart").withNamespace("default").build());
    group.setSpec(new AffinityGroupSpec());
    group.getSpec().policy = AffinityPolicy.AntiAffinity;
    group.getSpec().mode = AllocatorMode.Hard;
    client.resource(group).create();
    vm("apart-1", s -> s.affinityGroupRef = "apart");
    vm("apart-2", s -> s.affinityGroupRef = "apart");
    VmInstance a = await("apart-1", () -> get("apart-1"), v -> state(v, VmState.Running));
    VmInstance b = await("apart-2", () -> get("apart-2"), v -> state(v, VmState.Running));
    assertNotEquals(a.getStatus().hostRef, b.getStatus().hostRef);
    vm("apart-3", s -> s.affinityGroupRef = "apart");
    VmInstance third =
        await(
            "apart-3 refused",
            () -> get("apart-3"),
            v ->
                v.getStatus() != null
                    && Conditions.find(v.getStatus().conditions, ConditionTypes.SCHEDULED)
                        .map(c -> "NoCapacity".equals(c.reason))
                        .orElse(false));
    assertNull(third.getStatus().hostRef);
    AffinityGroup status =
        await(
            "group status",
            () ->
                client
                    .resources(AffinityGroup.class)
                    .inNamespace("default")
                    .withName("apart")
                    .get(),
            g -> g.getStatus() != null && Integer.valueOf(3).equals(g.getStatus().vmCount));
    assertEquals(List.of("apart-1", "apart-2", "apart-3"), status.getStatus().vms);
    assertTrue(Conditions.isTrue(status.getStatus().conditions, "PolicySatisfied"));
  }
}
