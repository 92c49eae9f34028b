package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.KumoStatus;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.storage.v1alpha1.SnapshotPhase;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshot;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshotSpec;
import dev.kumo.api.storage.v1alpha1.VolumeSpec;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.controllers.ControllerManager;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.DomainSpec;
import dev.kumo.node.driver.SimulatorDriver;
import dev.kumo.node.driver.SnapshotFile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZStack's data volumes and snapshots on a simulated fleet: a volume created alone is
 * NotInstantiated until a VM lists it, then made on that VM's host (LocalStorage) and hot-plugged;
 * it is attached to one VM at a time and only to VMs on its host; it grows, never shrinks; its
 * snapshots form a tree, revert only while the VM is stopped, and go with their parent and with the
 * volume.
 */
class VolumesIT {
  private static final String NS = "default";
  private static final long GI = 1L << 30;

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

  private static VmInstance vm(String name, String host, String... volumes) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.instanceOfferingRef = "small";
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = "private-l3";
    spec.nics = List.of(nic);
    spec.placement = new Placement();
    spec.placement.hostRef = host;
    spec.volumeRefs = volumes.length == 0 ? null : new ArrayList<>(List.of(volumes));
    vm.setSpec(spec);
    return vm;
  }

  private static Volume volume(String name, String size) {
    Volume v = new Volume();
    v.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    v.setSpec(new VolumeSpec());
    v.getSpec().size = new Quantity(size);
    return v;
  }

  private static VolumeSnapshot snapshot(String name, String volume) {
    VolumeSnapshot s = new VolumeSnapshot();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    s.setSpec(new VolumeSnapshotSpec());
    s.getSpec().volumeRef = volume;
    return s;
  }

  private static VmInstance getVm(String name) {
    return client.resources(VmInstance.class).inNamespace(NS).withName(name).get();
  }

  private static Volume getVolume(String name) {
    return client.resources(Volume.class).inNamespace(NS).withName(name).get();
  }

  private static VolumeSnapshot getSnapshot(String name) {
    return client.resources(VolumeSnapshot.class).inNamespace(NS).withName(name).get();
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

  private static void awaitGone(String what, Supplier<Object> read) throws Exception {
    await(what, () -> read.get() == null ? "gone" : null, x -> true);
  }

  private static boolean ready(VmInstance v) {
    return v.getStatus() != null
        && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY);
  }

  private static Optional<Condition> condition(KumoStatus s, String type) {
    return s == null ? Optional.empty() : Conditions.find(s.conditions, type);
  }

  private static boolean hasReason(KumoStatus s, String type, String reason) {
    return condition(s, type).map(c -> reason.equals(c.reason)).orElse(false);
  }

  private static DomainInfo domain(String host, VmInstance vm) {
    return fleet.driver(host).compute().get(vm.getMetadata().getUid()).orElseThrow();
  }

  private static List<String> disks(String host, VmInstance vm) {
    return domain(host, vm).spec().disks().stream().map(DomainSpec.Disk::volume).toList();
  }

  private static void setVolumeRefs(String vm, String... volumes) {
    Conflicts.retry(
        () ->
            client
                .resources(VmInstance.class)
                .inNamespace(NS)
                .withName(vm)
                .edit(
                    v -> {
                      v.getSpec().volumeRefs =
                          volumes.length == 0 ? null : new ArrayList<>(List.of(volumes));
                      return v;
                    }));
  }

  private static void setSize(String volume, String size) {
    Conflicts.retry(
        () ->
            client
                .resources(Volume.class)
                .inNamespace(NS)
                .withName(volume)
                .edit(
                    v -> {
                      v.getSpec().size = new Quantity(size);
                      return v;
                    }));
  }

  private static void requestRevert(String snapshot, String token) {
    Conflicts.retry(
        () ->
            client
                .resources(VolumeSnapshot.class)
                .inNamespace(NS)
                .withName(snapshot)
                .edit(
                    s -> {
                      if (s.getMetadata().getAnnotations() == null) {
                        s.getMetadata().setAnnotations(new HashMap<>());
                      }
                      s.getMetadata().getAnnotations().put(Labels.REVERT_REQUESTED, token);
                      return s;
                    }));
  }

  private static long bytes(Quantity q) {
    return Quantity.getAmountInBytes(q).longValueExact();
  }

  private static List<String> snapshotFiles(String host) {
    return fleet.driver(host).storage().listSnapshots().stream()
        .map(SnapshotFile::snapshotUid)
        .toList();
  }

  private static boolean hasVolumeFile(String host, String uid) {
    return fleet.driver(host).storage().find(uid).isPresent();
  }

  @Test
  void aStandaloneVolumeIsMadeOnItsVmsHostHotPluggedResizedAndDetached() throws Exception {
    client.resource(volume("data-a", "1Gi")).create();
    Volume idle =
        await(
            "data-a NotInstantiated",
            () -> getVolume("data-a"),
            v -> v.getStatus() != null && v.getStatus().phase == VolumePhase.NotInstantiated);
    assertEquals(
        ConditionStatus.False,
        condition(idle.getStatus(), ConditionTypes.READY).orElseThrow().status);
    assertTrue(hasReason(idle.getStatus(), ConditionTypes.READY, "NotInstantiated"));
    assertTrue(
        idle.getMetadata().getLabels() == null
            || !idle.getMetadata().getLabels().containsKey(Labels.HOST));

    // Attached to a running VM: created on that VM's host, then hot-plugged.
    client.resource(vm("va", "host-1")).create();
    VmInstance va = await("va running", () -> getVm("va"), VolumesIT::ready);
    assertEquals(List.of("va-root"), disks("host-1", va));
    setVolumeRefs("va", "data-a");
    Volume made =
        await(
            "data-a Ready and attached to va",
            () -> getVolume("data-a"),
            v ->
                v.getStatus() != null
                    && v.getStatus().phase == VolumePhase.Ready
                    && "va".equals(v.getStatus().attachedTo));
    assertEquals("host-1", made.getMetadata().getLabels().get(Labels.HOST));
    assertEquals("host-1", made.getStatus().hostRef);
    assertEquals("local-ps", made.getStatus().primaryStorageRef);
    assertEquals(1, made.getStatus().deviceId);
    assertTrue(hasVolumeFile("host-1", made.getMetadata().getUid()));
    await(
        "data-a plugged into va's running domain",
        () -> getVm("va"),
        v -> ready(v) && disks("host-1", v).equals(List.of("va-root", "data-a")));
    assertEquals(DomainState.Running, domain("host-1", va).state());

    // Grows, never shrinks.
    setSize("data-a", "2Gi");
    Volume grown =
        await(
            "data-a grown to 2Gi",
            () -> getVolume("data-a"),
            v -> bytes(v.getStatus().size) == 2 * GI);
    assertTrue(
        condition(grown.getStatus(), ConditionTypes.RESIZED).orElseThrow().isTrue(),
        grown.getStatus().conditions.toString());
    assertEquals(
        2 * GI,
        fleet
            .driver("host-1")
            .storage()
            .find(made.getMetadata().getUid())
            .orElseThrow()
            .sizeBytes());
    await(
        "va reports the new size",
        () -> getVm("va"),
        v ->
            v.getStatus().volumes.stream()
                .anyMatch(a -> "data-a".equals(a.volumeRef) && bytes(a.size) == 2 * GI));
    setSize("data-a", "1Gi");
    Volume refused =
        await(
            "shrinking data-a refused",
            () -> getVolume("data-a"),
            v -> hasReason(v.getStatus(), ConditionTypes.RESIZED, "ShrinkRefused"));
    assertEquals(2 * GI, bytes(refused.getStatus().size));
    assertEquals(VolumePhase.Ready, refused.getStatus().phase);
    setSize("data-a", "2Gi");

    // Attached to one VM at a time.
    client.resource(vm("vb", "host-1", "data-a")).create();
    VmInstance inUse =
        await(
            "vb refused data-a",
            () -> getVm("vb"),
            v ->
                v.getStatus() != null
                    && hasReason(v.getStatus(), ConditionTypes.VOLUMES_READY, "VolumeInUse"));
    assertTrue(
        condition(inUse.getStatus(), ConditionTypes.READY).orElseThrow().message.contains("va"));
    assertEquals("va", getVolume("data-a").getStatus().attachedTo);

    // Detached from va (unplugged from its running domain), then vb gets it.
    setVolumeRefs("va");
    await(
        "data-a unplugged from va",
        () -> getVm("va"),
        v -> ready(v) && disks("host-1", v).equals(List.of("va-root")));
    VmInstance vb = await("vb running with data-a", () -> getVm("vb"), VolumesIT::ready);
    assertEquals(List.of("vb-root", "data-a"), disks("host-1", vb));
    assertEquals("vb", getVolume("data-a").getStatus().attachedTo);

    // A local volume is attached only to VMs on its host.
    setVolumeRefs("vb");
    await(
        "data-a detached from vb",
        () -> getVolume("data-a"),
        v -> v.getStatus().attachedTo == null);
    client.resource(vm("vc", "host-2", "data-a")).create();
    VmInstance elsewhere =
        await(
            "vc refused data-a on host-1",
            () -> getVm("vc"),
            v ->
                v.getStatus() != null
                    && hasReason(v.getStatus(), ConditionTypes.VOLUMES_READY, "VolumeOnOtherHost"));
    assertTrue(
        condition(elsewhere.getStatus(), ConditionTypes.READY)
            .orElseThrow()
            .message
            .contains("host-1"));

    // A VM deleted with the volume attached lets it go (ZStack detaches data volumes).
    setVolumeRefs("vb", "data-a");
    await(
        "data-a attached to vb again",
        () -> getVolume("data-a"),
        v -> "vb".equals(v.getStatus().attachedTo));
    VmInstance gone = getVm("vb");
    client.resource(gone).delete();
    awaitGone("vb deleted", () -> getVm("vb"));
    await(
        "data-a detached from the deleted vb",
        () -> getVolume("data-a"),
        v -> v.getStatus().attachedTo == null && v.getStatus().phase == VolumePhase.Ready);

    // Deleting the VMs and the volume leaves nothing on the hosts.
    String volumeUid = made.getMetadata().getUid();
    List<VmInstance> vms = List.of(getVm("va"), gone, getVm("vc"));
    client.resource(vms.get(0)).delete();
    client.resource(vms.get(2)).delete();
    client.resources(Volume.class).inNamespace(NS).withName("data-a").delete();
    for (VmInstance v : vms) {
      awaitGone(v.getMetadata().getName() + " deleted", () -> getVm(v.getMetadata().getName()));
    }
    awaitGone("data-a deleted", () -> getVolume("data-a"));
    for (String host : List.of("host-1", "host-2")) {
      assertFalse(hasVolumeFile(host, volumeUid));
      for (VmInstance v : vms) {
        assertTrue(fleet.driver(host).compute().get(v.getMetadata().getUid()).isEmpty());
      }
    }
  }

  @Test
  void snapshotsFormATreeRevertWhileStoppedAndGoWithTheirParentAndVolume() throws Exception {
    client.resource(volume("snap-vol", "1Gi")).create();
    client.resource(vm("vs", "host-2", "snap-vol")).create();
    VmInstance vs = await("vs running", () -> getVm("vs"), VolumesIT::ready);
    assertEquals(List.of("vs-root", "snap-vol"), disks("host-2", vs));
    Volume volume = getVolume("snap-vol");
    assertEquals("host-2", volume.getStatus().hostRef);

    // Snapshots of a missing or NotInstantiated volume wait.
    client.resource(snapshot("ghost-snap", "ghost")).create();
    client.resource(volume("idle-vol", "1Gi")).create();
    client.resource(snapshot("idle-snap", "idle-vol")).create();
    await(
        "ghost-snap VolumeNotFound",
        () -> getSnapshot("ghost-snap"),
        s -> hasReason(s.getStatus(), ConditionTypes.READY, "VolumeNotFound"));
    await(
        "idle-snap VolumeNotInstantiated",
        () -> getSnapshot("idle-snap"),
        s -> hasReason(s.getStatus(), ConditionTypes.READY, "VolumeNotInstantiated"));

    // Online snapshots of the running VM's volume: a chain s1 <- s2.
    client.resource(snapshot("s1", "snap-vol")).create();
    VolumeSnapshot s1 =
        await(
            "s1 Ready",
            () -> getSnapshot("s1"),
            s -> s.getStatus() != null && s.getStatus().phase == SnapshotPhase.Ready);
    assertEquals("host-2", s1.getMetadata().getLabels().get(Labels.HOST));
    assertEquals("snap-vol", s1.getMetadata().getLabels().get(Labels.VOLUME));
    assertEquals(
        volume.getMetadata().getUid(), s1.getMetadata().getOwnerReferences().get(0).getUid());
    assertNull(s1.getStatus().parent);
    assertEquals(0, s1.getStatus().depth);
    assertEquals(Boolean.TRUE, s1.getStatus().latest);
    assertTrue(
        s1.getStatus().installPath.endsWith("/snapshots/" + s1.getMetadata().getUid() + ".qcow2"));
    client.resource(snapshot("s2", "snap-vol")).create();
    VolumeSnapshot s2 =
        await(
            "s2 Ready",
            () -> getSnapshot("s2"),
            s -> s.getStatus() != null && s.getStatus().phase == SnapshotPhase.Ready);
    assertEquals("s1", s2.getStatus().parent);
    assertEquals(1, s2.getStatus().depth);
    assertEquals(Boolean.TRUE, s2.getStatus().latest);
    await(
        "s1 no longer latest",
        () -> getSnapshot("s1"),
        s -> Boolean.FALSE.equals(s.getStatus().latest));
    String volumeUid = volume.getMetadata().getUid();
    assertEquals(
        Optional.of(s2.getMetadata().getUid()),
        fleet.driver("host-2").storage().currentSnapshot(volumeUid));

    // Revert is refused while the VM runs, done once it is stopped.
    requestRevert("s1", "t1");
    VolumeSnapshot refused =
        await(
            "revert t1 answered",
            () -> getSnapshot("s1"),
            s -> "t1".equals(s.getStatus().observedRevertToken));
    Condition no = condition(refused.getStatus(), ConditionTypes.REVERTED).orElseThrow();
    assertEquals(ConditionStatus.False, no.status);
    assertEquals("VmNotStopped", no.reason);
    assertTrue(no.message.contains("vs"), no.message);
    assertEquals(
        Optional.of(s2.getMetadata().getUid()),
        fleet.driver("host-2").storage().currentSnapshot(volumeUid));

    Conflicts.retry(
        () ->
            client
                .resources(VmInstance.class)
                .inNamespace(NS)
                .withName("vs")
                .edit(
                    v -> {
                      v.getSpec().state = PowerState.Stopped;
                      return v;
                    }));
    await("vs stopped", () -> getVm("vs"), v -> v.getStatus().state == VmState.Stopped);
    requestRevert("s1", "t2");
    VolumeSnapshot reverted =
        await(
            "revert t2 done",
            () -> getSnapshot("s1"),
            s -> "t2".equals(s.getStatus().observedRevertToken));
    assertTrue(condition(reverted.getStatus(), ConditionTypes.REVERTED).orElseThrow().isTrue());
    assertEquals(Boolean.TRUE, reverted.getStatus().latest);
    assertEquals(
        Optional.of(s1.getMetadata().getUid()),
        fleet.driver("host-2").storage().currentSnapshot(volumeUid));
    await(
        "s2 no longer latest",
        () -> getSnapshot("s2"),
        s -> Boolean.FALSE.equals(s.getStatus().latest));

    // A snapshot after the revert branches off s1; deleting s1 deletes its whole subtree.
    client.resource(snapshot("s3", "snap-vol")).create();
    VolumeSnapshot s3 =
        await(
            "s3 Ready",
            () -> getSnapshot("s3"),
            s -> s.getStatus() != null && s.getStatus().phase == SnapshotPhase.Ready);
    assertEquals("s1", s3.getStatus().parent);
    assertEquals(3, snapshotFiles("host-2").size());
    client.resources(VolumeSnapshot.class).inNamespace(NS).withName("s1").delete();
    for (String name : List.of("s1", "s2", "s3")) {
      awaitGone(name + " deleted with s1", () -> getSnapshot(name));
    }
    assertEquals(List.of(), snapshotFiles("host-2"));

    // Deleting the volume deletes its snapshots.
    client.resource(snapshot("s4", "snap-vol")).create();
    await(
        "s4 Ready",
        () -> getSnapshot("s4"),
        s -> s.getStatus() != null && s.getStatus().phase == SnapshotPhase.Ready);
    assertEquals(1, snapshotFiles("host-2").size());
    setVolumeRefs("vs");
    await("snap-vol detached", () -> getVolume("snap-vol"), v -> v.getStatus().attachedTo == null);
    client.resources(Volume.class).inNamespace(NS).withName("snap-vol").delete();
    awaitGone("s4 deleted with its volume", () -> getSnapshot("s4"));
    awaitGone("snap-vol deleted", () -> getVolume("snap-vol"));

    // Nothing leaked.
    VmInstance last = getVm("vs");
    client.resource(last).delete();
    for (String name : List.of("ghost-snap", "idle-snap")) {
      client.resources(VolumeSnapshot.class).inNamespace(NS).withName(name).delete();
    }
    client.resources(Volume.class).inNamespace(NS).withName("idle-vol").delete();
    awaitGone("vs deleted", () -> getVm("vs"));
    awaitGone("idle-vol deleted", () -> getVolume("idle-vol"));
    for (String host : List.of("host-1", "host-2")) {
      assertEquals(List.of(), snapshotFiles(host));
      assertFalse(hasVolumeFile(host, volumeUid));
      assertTrue(fleet.driver(host).compute().get(last.getMetadata().getUid()).isEmpty());
    }
  }
}
