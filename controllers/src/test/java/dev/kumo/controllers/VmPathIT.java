package dev.kumo.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmRuntime;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import dev.kumo.api.infra.v1alpha1.HostStorage;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImagePhase;
import dev.kumo.api.storage.v1alpha1.ImageStatus;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.reconcilers.compute.Expunger;
import dev.kumo.reconcilers.config.GlobalConfig;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller manager's VM path against the real API server and etcd, with this test playing the
 * node daemon and the infrastructure controllers by hand (writing the Host, PrimaryStorage, Image,
 * Volume and runtime status they would write): scheduling, labels, IpAddress objects, Volumes, the
 * state derived from the runtime report, unschedulable VMs, missing references and deletion.
 */
class VmPathIT {
  private static ServerFixture fixture;
  private static KubernetesClient client;
  private static ControllerManager manager;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    client = KubeClients.fromKubeconfig(fixture.kubeconfig());
    Path quickstart = ServerFixture.repositoryRoot().resolve("samples/quickstart");
    try (Stream<Path> files = Files.list(quickstart)) {
      for (Path f : files.sorted().filter(p -> !p.toString().endsWith("08-vm.yaml")).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          client.load(in).create();
        }
      }
    }
    connectHost("host-1", 8, "16Gi");
    readyImage("kumo-test-guest");
    manager = ControllerManager.start(client, ControllerManager.Options.defaults("cm-test"));
    assertTrue(manager.awaitLeadership(Duration.ofSeconds(30)), "leader elected");
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
    if (client != null) {
      client.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static void connectHost(String name, int threads, String memory) {
    Host h = client.resources(Host.class).withName(name).get();
    if (h == null) {
      h = new Host();
      h.setMetadata(new ObjectMetaBuilder().withName(name).build());
      h.setSpec(new HostSpec());
      h.getSpec().clusterRef = "cluster-1";
      h.getSpec().managementIp = "127.0.0.2";
      h = client.resource(h).create();
    }
    // What a node daemon writes: facts, the primary storage it mounted, and a heartbeat Lease
    // (long, so that it does not expire during the test).
    // Written as the node daemon writes: read-modify-write, again on 409 (the Host controller
    // writes the same object).
    Writes.status(
        client,
        h,
        x -> {
          if (x.getStatus() == null) {
            x.setStatus(new HostStatus());
          }
          x.getStatus().facts = new HostFacts();
          x.getStatus().facts.cpuThreads = threads;
          x.getStatus().facts.memory = new Quantity(memory);
          HostStorage local = new HostStorage();
          local.primaryStorageRef = "local-ps";
          local.totalPhysical = new Quantity("1Ti");
          local.availablePhysical = new Quantity("1Ti");
          x.getStatus().storage = List.of(local);
          return true;
        });
    ControllerManager.ensureNamespace(client, Labels.SYSTEM_NAMESPACE);
    client
        .leases()
        .inNamespace(Labels.SYSTEM_NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(Labels.hostLease(name))
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(name)
                .withLeaseDurationSeconds(3600)
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                .endSpec()
                .build())
        .create();
  }

  private static void readyImage(String name) {
    Image img = client.resources(Image.class).withName(name).get();
    Writes.status(
        client,
        img,
        x -> {
          x.setStatus(new ImageStatus());
          x.getStatus().phase = ImagePhase.Ready;
          x.getStatus().size = new Quantity("1Gi");
          return true;
        });
  }

  private static VmInstance vm(String name, int cpu, String memory, String l3, String ip) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.cpu = cpu;
    spec.memory = new Quantity(memory);
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = l3;
    nic.ip = ip;
    spec.nics = List.of(nic);
    vm.setSpec(spec);
    return vm;
  }

  private static VmInstance get(String name) {
    return client.resources(VmInstance.class).inNamespace("default").withName(name).get();
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

  private static Condition condition(VmInstance vm, String type) {
    return vm.getStatus() == null
        ? null
        : Conditions.find(vm.getStatus().conditions, type).orElse(null);
  }

  private static boolean reason(VmInstance vm, String type, String reason) {
    Condition c = condition(vm, type);
    return c != null && reason.equals(c.reason);
  }

  @Test
  void vmIsScheduledGetsAddressAndVolumesAndRunsWhenTheNodeReports() throws Exception {
    VmInstance vm = vm("web", 1, "512Mi", "private-l3", null);
    vm.getSpec().dataDiskOfferingRefs = List.of("disk-1g");
    client.resource(vm).create();

    VmInstance placed =
        await(
            "web scheduled with volumes",
            () -> get("web"),
            v ->
                v.getStatus() != null
                    && v.getStatus().volumes != null
                    && v.getStatus().volumes.size() == 2);
    assertEquals("host-1", placed.getStatus().hostRef);
    assertEquals("cluster-1", placed.getStatus().clusterRef);
    assertEquals("zone-1", placed.getStatus().zoneRef);
    assertEquals("local-ps", placed.getStatus().primaryStorageRef);
    assertEquals("host-1", placed.getMetadata().getLabels().get(Labels.HOST));
    assertTrue(Conditions.isTrue(placed.getStatus().conditions, ConditionTypes.SCHEDULED));
    assertTrue(Conditions.isTrue(placed.getStatus().conditions, ConditionTypes.IPS_ALLOCATED));
    assertTrue(reason(placed, ConditionTypes.VOLUMES_READY, "Creating"));
    String ip = placed.getStatus().ip;
    assertNotNull(ip);
    int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
    assertTrue(ip.startsWith("192.168.100.") && last >= 10 && last <= 200, ip);
    assertEquals(24, placed.getStatus().nics.get(0).prefixLength);
    assertEquals("192.168.100.1", placed.getStatus().nics.get(0).gateway);
    IpAddress addr =
        client
            .resources(IpAddress.class)
            .withName(placed.getStatus().nics.get(0).ipAddressRef)
            .get();
    assertEquals(ip, addr.getSpec().ip);
    assertEquals(placed.getStatus().nics.get(0).mac, addr.getSpec().mac);
    assertEquals("web", addr.getSpec().owner.name);

    // The node daemon's part: volumes created, then the domain runs.
    for (String name : List.of("web-root", "web-data-0")) {
      Volume v = client.resources(Volume.class).inNamespace("default").withName(name).get();
      assertEquals("host-1", v.getMetadata().getLabels().get(Labels.HOST));
      assertEquals("web", v.getMetadata().getOwnerReferences().get(0).getName());
      Writes.status(
          client,
          v,
          x -> {
            if (x.getStatus() == null) {
              x.setStatus(new VolumeStatus());
            }
            x.getStatus().phase = VolumePhase.Ready;
            x.getStatus().size = new Quantity("1Gi");
            return true;
          });
    }
    VmInstance provisioned =
        await(
            "volumes ready",
            () -> get("web"),
            v -> Conditions.isTrue(v.getStatus().conditions, ConditionTypes.VOLUMES_READY));
    assertEquals(VmState.Starting, provisioned.getStatus().state);
    Writes.status(
        client,
        provisioned,
        x -> {
          x.getStatus().runtime = new VmRuntime();
          x.getStatus().runtime.hostRef = "host-1";
          x.getStatus().runtime.domainState = DomainState.Running;
          x.getStatus().runtime.observedGeneration = x.getMetadata().getGeneration();
          return true;
        });
    VmInstance running =
        await(
            "web running",
            () -> get("web"),
            v -> Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY));
    assertEquals(VmState.Running, running.getStatus().state);

    // ZStack's default policy Delay: deleting keeps the volumes and the address for the expunge
    // period, and re-creating the VM recovers them.
    String uid = running.getMetadata().getUid();
    client.resource(running).delete();
    await("web gone", () -> get("web") == null ? "gone" : null, s -> true);
    IpAddress kept = client.resources(IpAddress.class).withName(addr.getMetadata().getName()).get();
    assertNotNull(kept, "address kept under Delay");
    assertEquals(uid, kept.getMetadata().getAnnotations().get(Labels.RETAINED_FROM));
    assertNotNull(kept.getMetadata().getAnnotations().get(Labels.EXPUNGE_AFTER));
    Volume root = client.resources(Volume.class).inNamespace("default").withName("web-root").get();
    assertNotNull(root, "root volume kept under Delay");
    assertTrue(root.getMetadata().getOwnerReferences().isEmpty());
    assertEquals(
        List.of(),
        new Expunger(client).runOnce(Instant.now()),
        "nothing expires before the expunge period");

    VmInstance again = vm("web", 1, "512Mi", "private-l3", null);
    again.getSpec().dataDiskOfferingRefs = List.of("disk-1g");
    client.resource(again).create();
    VmInstance recovered =
        await(
            "web recovered",
            () -> get("web"),
            v ->
                v.getStatus() != null
                    && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.VOLUMES_READY));
    assertEquals(ip, recovered.getStatus().ip, "the same address comes back");
    assertEquals("host-1", recovered.getStatus().hostRef);
    Volume adopted =
        client.resources(Volume.class).inNamespace("default").withName("web-root").get();
    assertEquals(
        recovered.getMetadata().getUid(),
        adopted.getMetadata().getOwnerReferences().get(0).getUid());
    assertNull(adopted.getMetadata().getAnnotations().get(Labels.RETAINED_FROM));

    // Delete again and let the expunge period pass: the expunger removes what was kept.
    client.resource(recovered).delete();
    await("web gone again", () -> get("web") == null ? "gone" : null, s -> true);
    List<String> expunged = new Expunger(client).runOnce(Instant.now().plus(Duration.ofDays(8)));
    assertEquals(3, expunged.size(), expunged.toString());
    await(
        "web's address and volumes expunged",
        () ->
            client
                        .resources(IpAddress.class)
                        .withLabel(Labels.VM, "web")
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(Volume.class)
                        .inNamespace("default")
                        .withLabel(Labels.VM, "web")
                        .list()
                        .getItems()
                        .isEmpty()
                ? "expunged"
                : null,
        s -> true);
  }

  @Test
  void directDeletionPolicyReleasesEverythingAtOnce() throws Exception {
    client
        .configMaps()
        .inNamespace(Labels.SYSTEM_NAMESPACE)
        .withName(GlobalConfig.CONFIG_MAP)
        .edit(
            cm -> {
              cm.getData().put("vm.deletionPolicy", "Direct");
              return cm;
            });
    try {
      client.resource(vm("brief", 1, "256Mi", "private-l3", null)).create();
      VmInstance placed =
          await(
              "brief allocated",
              () -> get("brief"),
              v -> v.getStatus() != null && v.getStatus().ip != null);
      await(
          "brief's root volume",
          () -> client.resources(Volume.class).inNamespace("default").withName("brief-root").get(),
          v -> true);
      client.resource(placed).delete();
      await("brief gone", () -> get("brief") == null ? "gone" : null, s -> true);
      await(
          "brief's address and volume released",
          () ->
              client
                          .resources(IpAddress.class)
                          .withLabel(Labels.VM, "brief")
                          .list()
                          .getItems()
                          .isEmpty()
                      && client
                          .resources(Volume.class)
                          .inNamespace("default")
                          .withLabel(Labels.VM, "brief")
                          .list()
                          .getItems()
                          .isEmpty()
                  ? "released"
                  : null,
          s -> true);
    } finally {
      client
          .configMaps()
          .inNamespace(Labels.SYSTEM_NAMESPACE)
          .withName(GlobalConfig.CONFIG_MAP)
          .edit(
              cm -> {
                cm.getData().put("vm.deletionPolicy", "Delay");
                return cm;
              });
    }
  }

  @Test
  void noCapacityIsReportedAndANewHostSchedulesThePendingVm() throws Exception {
    client.resource(vm("big", 100, "1Gi", "private-l3", null)).create();
    VmInstance pending =
        await(
            "big unschedulable",
            () -> get("big"),
            v -> reason(v, ConditionTypes.SCHEDULED, "NoCapacity"));
    assertNull(pending.getStatus().hostRef);
    assertEquals(VmState.Created, pending.getStatus().state);
    assertTrue(
        condition(pending, ConditionTypes.SCHEDULED).message.contains("hosts available"),
        condition(pending, ConditionTypes.SCHEDULED).message);
    assertTrue(
        client.resources(IpAddress.class).withLabel(Labels.VM, "big").list().getItems().isEmpty(),
        "nothing allocated for an unschedulable VM");

    connectHost("host-big", 16, "64Gi");
    VmInstance placed =
        await("big scheduled", () -> get("big"), v -> "host-big".equals(v.getStatus().hostRef));
    assertTrue(Conditions.isTrue(placed.getStatus().conditions, ConditionTypes.SCHEDULED));
  }

  @Test
  void missingImageIsAConditionAndTheVmRecoversWhenItAppears() throws Exception {
    VmInstance vm = vm("late", 1, "256Mi", "private-l3", null);
    vm.getSpec().imageRef = "late-image";
    client.resource(vm).create();
    VmInstance waiting =
        await(
            "late waits", () -> get("late"), v -> reason(v, ConditionTypes.READY, "ImageNotFound"));
    assertNull(waiting.getStatus().hostRef);

    Image img = client.resources(Image.class).withName("kumo-test-guest").get();
    Image copy = new Image();
    copy.setMetadata(new ObjectMetaBuilder().withName("late-image").build());
    copy.setSpec(img.getSpec());
    client.resource(copy).create();
    await(
        "late waits for the image",
        () -> get("late"),
        v -> reason(v, ConditionTypes.READY, "ImageNotReady"));
    readyImage("late-image");
    await("late scheduled", () -> get("late"), v -> v.getStatus().hostRef != null);
  }

  @Test
  void staticIpOutsideTheRangeOrTakenIsRefused() throws Exception {
    client.resource(vm("outside", 1, "256Mi", "private-l3", "192.168.100.250")).create();
    VmInstance refused =
        await(
            "outside refused",
            () -> get("outside"),
            v -> reason(v, ConditionTypes.READY, "IpUnavailable"));
    assertNull(refused.getStatus().hostRef);
    assertTrue(condition(refused, ConditionTypes.READY).message.contains("192.168.100.250"));

    client.resource(vm("first", 1, "256Mi", "private-l3", "192.168.100.150")).create();
    await(
        "first holds .150",
        () -> get("first"),
        v -> v.getStatus() != null && "192.168.100.150".equals(v.getStatus().ip));
    client.resource(vm("second", 1, "256Mi", "private-l3", "192.168.100.150")).create();
    VmInstance second =
        await(
            "second refused",
            () -> get("second"),
            v -> reason(v, ConditionTypes.READY, "IpUnavailable"));
    assertNull(second.getStatus().hostRef);
  }

  @Test
  void missingL3IsAConditionNotACrash() throws Exception {
    client.resource(vm("lost", 1, "256Mi", "no-such-l3", null)).create();
    VmInstance lost =
        await(
            "lost waits",
            () -> get("lost"),
            v -> reason(v, ConditionTypes.READY, "L3NetworkNotFound"));
    assertNull(lost.getStatus().hostRef);
    assertTrue(
        client.resources(IpAddress.class).withLabel(Labels.VM, "lost").list().getItems().isEmpty());
  }
}
