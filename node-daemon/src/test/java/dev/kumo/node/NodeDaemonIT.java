package dev.kumo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.ClusterSpec;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostStorage;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.infra.v1alpha1.ZoneSpec;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.BackupStorageSpec;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImageFormat;
import dev.kumo.api.storage.v1alpha1.ImageMediaType;
import dev.kumo.api.storage.v1alpha1.ImagePhase;
import dev.kumo.api.storage.v1alpha1.ImageSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeSpec;
import dev.kumo.api.storage.v1alpha1.VolumeType;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.DomainSpec;
import dev.kumo.node.driver.SimulatorDriver;
import dev.kumo.node.driver.StoragePool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node daemons against the real API server over etcd, with the test playing the controller manager:
 * it creates the infrastructure objects, places VMs (status.hostRef, conditions, label) and labels
 * Volumes, and checks what the daemons report and what their simulated hosts hold.
 */
class NodeDaemonIT {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDaemonIT.class);
  private static final String CLUSTER = "c1";
  private static final String PS = "ps1";
  private static final String BS = "bs1";
  private static final String BS_HOST = "node-a";
  private static final String BS_IP = "10.9.0.1";
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration FULL_SYNC = Duration.ofSeconds(1);

  private static ServerFixture fixture;
  private static Config kubeConfig;
  private static KubernetesClient client;
  private static final List<AutoCloseable> CLEANUP = new ArrayList<>();
  private static SimulatorDriver driverA;
  private static NodeDaemon daemonA;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    kubeConfig = Config.fromKubeconfig(Files.readString(fixture.kubeconfig()));
    client = newClient();
    Zone zone = new Zone();
    zone.getMetadata().setName("z1");
    zone.setSpec(new ZoneSpec());
    client.resource(zone).create();
    PrimaryStorage ps = new PrimaryStorage();
    ps.getMetadata().setName(PS);
    ps.setSpec(new PrimaryStorageSpec());
    ps.getSpec().zoneRef = "z1";
    ps.getSpec().type = PrimaryStorageType.LocalStorage;
    ps.getSpec().url = "/var/lib/kumo/ps";
    client.resource(ps).create();
    Cluster cluster = new Cluster();
    cluster.getMetadata().setName(CLUSTER);
    cluster.setSpec(new ClusterSpec());
    cluster.getSpec().zoneRef = "z1";
    cluster.getSpec().primaryStorageRefs = List.of(PS);
    client.resource(cluster).create();
    BackupStorage bs = new BackupStorage();
    bs.getMetadata().setName(BS);
    bs.setSpec(new BackupStorageSpec());
    bs.getSpec().url = "/var/lib/kumo/bs";
    bs.getSpec().hostname = BS_IP;
    bs.getSpec().zoneRefs = List.of("z1");
    client.resource(bs).create();

    driverA =
        new SimulatorDriver(
            SimulatorDriver.Options.defaults(BS_HOST).withHardware(48, 256L << 30, 4096L << 30));
    daemonA = daemon(BS_HOST, BS_IP, driverA);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = CLEANUP.size() - 1; i >= 0; i--) {
      try {
        CLEANUP.get(i).close();
      } catch (Exception e) {
        LOG.warn("cleanup: {}", e.toString());
      }
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static KubernetesClient newClient() {
    KubernetesClient c =
        new KubernetesClientBuilder()
            .withConfig(kubeConfig)
            .withHttpClientFactory(new VertxHttpClientFactory())
            .build();
    CLEANUP.add(c);
    return c;
  }

  private static NodeDaemon daemon(String host, String ip, SimulatorDriver driver) {
    NodeDaemon daemon =
        new NodeDaemon(
            newClient(),
            NodeDaemonConfig.of(host, CLUSTER, ip).withTimings(LEASE, FULL_SYNC),
            driver);
    CLEANUP.add(daemon);
    daemon.start();
    return daemon;
  }

  private static void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static <T> T await(String what, int seconds, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (Exception | AssertionError e) {
        last = e instanceof Exception ex ? ex : new Exception(e);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting for " + what, last);
  }

  private static <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return namespace == null
        ? client.resources(type).withName(name).get()
        : client.resources(type).inNamespace(namespace).withName(name).get();
  }

  private static Image image(String name, String url, String checksum) {
    Image image = new Image();
    image.getMetadata().setName(name);
    image.setSpec(new ImageSpec());
    image.getSpec().url = url;
    image.getSpec().checksum = checksum;
    image.getSpec().format = ImageFormat.qcow2;
    image.getSpec().mediaType = ImageMediaType.RootVolumeTemplate;
    image.getSpec().backupStorageRefs = List.of(BS);
    return client.resource(image).create();
  }

  private static Image readyImage(String name) throws Exception {
    String url = "http://images.example/" + name + ".qcow2";
    image(name, url, SimulatorDriver.checksumOf("sha256", url));
    return await(
        name + " Ready",
        20,
        () -> {
          Image i = get(Image.class, null, name);
          return i.getStatus() != null && i.getStatus().phase == ImagePhase.Ready ? i : null;
        });
  }

  private static Volume volume(String ns, String name, String host, VolumeSpec spec) {
    Volume volume = new Volume();
    volume.getMetadata().setNamespace(ns);
    volume.getMetadata().setName(name);
    volume.getMetadata().setLabels(Map.of(Labels.HOST, host));
    volume.setSpec(spec);
    return client.resource(volume).create();
  }

  private static VolumeSpec sized(String size) {
    VolumeSpec spec = new VolumeSpec();
    spec.type = VolumeType.Data;
    spec.size = new Quantity(size);
    spec.primaryStorageRef = PS;
    return spec;
  }

  private static VolumeSpec root(String image) {
    VolumeSpec spec = new VolumeSpec();
    spec.type = VolumeType.Root;
    spec.imageRef = image;
    spec.primaryStorageRef = PS;
    return spec;
  }

  private static Volume readyVolume(String ns, String name) throws Exception {
    return await(
        ns + "/" + name + " Ready",
        30,
        () -> {
          Volume v = get(Volume.class, ns, name);
          return v.getStatus() != null && v.getStatus().phase == VolumePhase.Ready ? v : null;
        });
  }

  /** Creates a VM and places it on {@code host} as the controller manager would. */
  private static VmInstance placedVm(
      String ns, String name, String host, String image, String rootVolume, int index) {
    VmInstance vm = new VmInstance();
    vm.getMetadata().setNamespace(ns);
    vm.getMetadata().setName(name);
    vm.getMetadata().setLabels(Map.of(Labels.HOST, host));
    vm.setSpec(new VmInstanceSpec());
    vm.getSpec().cpu = 2;
    vm.getSpec().memory = new Quantity("2Gi");
    vm.getSpec().imageRef = image;
    vm.getSpec().state = PowerState.Running;
    VmInstance created = client.resource(vm).create();
    return Writes.status(
        client,
        created,
        v -> {
          VmInstanceStatus s = new VmInstanceStatus();
          s.hostRef = host;
          s.clusterRef = CLUSTER;
          s.zoneRef = "z1";
          s.cpu = 2;
          s.memory = new Quantity("2Gi");
          VmInstanceStatus.NicStatus nic = new VmInstanceStatus.NicStatus();
          nic.name = "eth0";
          nic.l3NetworkRef = "l3";
          nic.ip = "10.1.0." + (10 + index);
          nic.prefixLength = 24;
          nic.gateway = "10.1.0.1";
          nic.mac = String.format("fa:16:3e:00:%02x:%02x", index / 256, index % 256);
          nic.deviceId = 0;
          nic.isDefault = true;
          s.nics = List.of(nic);
          s.ip = nic.ip;
          VmInstanceStatus.VolumeAttachment disk = new VmInstanceStatus.VolumeAttachment();
          disk.volumeRef = rootVolume;
          disk.type = "Root";
          disk.deviceId = 0;
          disk.device = "vda";
          s.volumes = List.of(disk);
          Instant now = Instant.now();
          for (String type :
              List.of(
                  ConditionTypes.SCHEDULED,
                  ConditionTypes.IPS_ALLOCATED,
                  ConditionTypes.VOLUMES_READY)) {
            Conditions.set(
                s.conditions, new Condition(type, ConditionStatus.True, "Done", "test"), now);
          }
          v.setStatus(s);
          return true;
        });
  }

  private static VmInstance runtimeIs(String ns, String name, DomainState state, long generation)
      throws Exception {
    return await(
        ns + "/" + name + " runtime " + state + " at generation " + generation,
        30,
        () -> {
          VmInstance vm = get(VmInstance.class, ns, name);
          var runtime = vm.getStatus() == null ? null : vm.getStatus().runtime;
          return runtime != null
                  && runtime.domainState == state
                  && runtime.observedGeneration == generation
              ? vm
              : null;
        });
  }

  @Test
  void registersTheHostHeartbeatsAndReportsFacts() throws Exception {
    Host host =
        await(
            "Host facts and storage",
            10,
            () -> {
              Host h = get(Host.class, null, BS_HOST);
              return h != null
                      && h.getStatus() != null
                      && h.getStatus().facts != null
                      && h.getStatus().storage != null
                      && !h.getStatus().storage.isEmpty()
                  ? h
                  : null;
            });
    assertEquals(CLUSTER, host.getSpec().clusterRef);
    assertEquals(BS_IP, host.getSpec().managementIp);
    assertEquals(48, host.getStatus().facts.cpuThreads);
    assertEquals(256L << 30, host.getStatus().facts.memory.getNumericalAmount().longValueExact());
    HostStorage storage = host.getStatus().storage.get(0);
    assertEquals(PS, storage.primaryStorageRef);
    assertEquals(4096L << 30, storage.totalPhysical.getNumericalAmount().longValueExact());

    Lease first =
        client.leases().inNamespace(Labels.SYSTEM_NAMESPACE).withName("host-" + BS_HOST).get();
    assertNotNull(first, "the heartbeat Lease");
    assertEquals(BS_HOST, first.getSpec().getHolderIdentity());
    assertEquals(3, first.getSpec().getLeaseDurationSeconds());
    ZonedDateTime renewed = first.getSpec().getRenewTime();
    await(
        "the Lease to be renewed",
        5,
        () ->
            client
                .leases()
                .inNamespace(Labels.SYSTEM_NAMESPACE)
                .withName("host-" + BS_HOST)
                .get()
                .getSpec()
                .getRenewTime()
                .isAfter(renewed));
  }

  @Test
  void registersImagesWithProgressAndVerifiesChecksums() throws Exception {
    driverA.setLatency(Duration.ofMillis(500));
    try {
      String url = "http://images.example/progress.qcow2";
      image("img-progress", url, SimulatorDriver.checksumOf("md5", url));
      Set<Integer> seen = new TreeSet<>();
      Image ready =
          await(
              "img-progress Ready",
              20,
              () -> {
                Image i = get(Image.class, null, "img-progress");
                if (i.getStatus() != null && i.getStatus().phase == ImagePhase.Downloading) {
                  seen.add(i.getStatus().progress);
                }
                return i.getStatus() != null && i.getStatus().phase == ImagePhase.Ready ? i : null;
              });
      assertTrue(seen.size() >= 2, "progress seen while downloading: " + seen);
      assertEquals(100, ready.getStatus().progress);
      assertEquals(SimulatorDriver.checksumOf("md5", url), ready.getStatus().checksum);
      assertEquals(
          driverA.options().imageVirtualBytes(),
          ready.getStatus().size.getNumericalAmount().longValueExact());
      assertEquals(1, ready.getStatus().backupStorages.size());
      assertEquals(BS, ready.getStatus().backupStorages.get(0).name);
      assertEquals(ImagePhase.Ready, ready.getStatus().backupStorages.get(0).phase);
      assertTrue(
          Conditions.isTrue(ready.getStatus().conditions, ConditionTypes.READY), "Ready=True");
    } finally {
      driverA.setLatency(Duration.ZERO);
    }

    image("img-bad", "http://images.example/bad.qcow2", "sha256:" + "0".repeat(64));
    Image bad =
        await(
            "img-bad Error",
            20,
            () -> {
              Image i = get(Image.class, null, "img-bad");
              return i.getStatus() != null && i.getStatus().phase == ImagePhase.Error ? i : null;
            });
    Condition reason =
        Conditions.find(bad.getStatus().conditions, ConditionTypes.READY).orElseThrow();
    assertEquals(ConditionStatus.False, reason.status);
    assertEquals("ChecksumMismatch", reason.reason);
    assertTrue(reason.message.contains("expected sha256:000"), reason.message);
    assertTrue(
        driverA
            .imageStore()
            .find(new StoragePool(BS, "ImageStore", "/var/lib/kumo/bs"), bad.getMetadata().getUid())
            .isEmpty());

    BackupStorage bs =
        await(
            "bs1 Connected",
            10,
            () -> {
              BackupStorage b = get(BackupStorage.class, null, BS);
              return b.getStatus() != null
                      && b.getStatus().images != null
                      && b.getStatus().images >= 1
                  ? b
                  : null;
            });
    assertTrue(Conditions.isTrue(bs.getStatus().conditions, ConditionTypes.READY));
    assertNotNull(bs.getStatus().capacity.total);
  }

  @Test
  void createsAndDeletesVolumeFiles() throws Exception {
    String ns = "volumes";
    namespace(ns);
    volume(ns, "data-1", BS_HOST, sized("10Gi"));
    Volume ready = readyVolume(ns, "data-1");
    String uid = ready.getMetadata().getUid();
    assertTrue(ready.hasFinalizer(Finalizers.VOLUME_DATA), "finalizer before the file");
    assertEquals("/var/lib/kumo/ps/volumes/" + uid + ".qcow2", ready.getStatus().installPath);
    assertEquals(10L << 30, ready.getStatus().size.getNumericalAmount().longValueExact());
    assertEquals(BS_HOST, ready.getStatus().hostRef);
    assertEquals(PS, ready.getStatus().primaryStorageRef);
    assertTrue(Conditions.isTrue(ready.getStatus().conditions, ConditionTypes.READY));
    assertTrue(driverA.storage().find(uid).isPresent(), "the file exists on the host");

    // Volumes labelled for another host are not touched.
    volume(ns, "elsewhere", "no-such-host", sized("1Gi"));
    Thread.sleep(1000);
    assertNull(get(Volume.class, ns, "elsewhere").getStatus());

    client.resources(Volume.class).inNamespace(ns).withName("data-1").delete();
    await("data-1 gone", 10, () -> get(Volume.class, ns, "data-1") == null);
    assertTrue(driverA.storage().find(uid).isEmpty(), "the file is deleted");
  }

  @Test
  void runsStopsAndRemovesVms() throws Exception {
    String ns = "vms";
    namespace(ns);
    readyImage("img-vm");
    volume(ns, "web-root", BS_HOST, root("img-vm"));
    Volume rootVolume = readyVolume(ns, "web-root");
    assertEquals(
        driverA.options().imageVirtualBytes(),
        rootVolume.getStatus().size.getNumericalAmount().longValueExact());
    placedVm(ns, "web", BS_HOST, "img-vm", "web-root", 1);
    VmInstance running = runtimeIs(ns, "web", DomainState.Running, 1);
    String uid = running.getMetadata().getUid();
    assertTrue(running.hasFinalizer(Finalizers.DOMAIN));
    assertEquals(BS_HOST, running.getStatus().runtime.hostRef);
    assertNotNull(running.getStatus().console.port);
    assertEquals(BS_IP, running.getStatus().console.host);
    DomainInfo domain = driverA.compute().get(uid).orElseThrow();
    assertEquals(DomainState.Running, domain.state());
    assertEquals(2, domain.spec().cpu());
    assertEquals(2L << 30, domain.spec().memoryBytes());
    assertEquals(rootVolume.getStatus().installPath, domain.spec().disks().get(0).installPath());
    assertEquals("10.1.0.11", domain.spec().nics().get(0).ip());
    assertEquals(1, driverA.network().list().stream().filter(a -> a.vmUid().equals(uid)).count());

    // Converged: periodic reconciles make no driver calls and no writes.
    long mutations = driverA.mutations();
    String version = get(VmInstance.class, ns, "web").getMetadata().getResourceVersion();
    Thread.sleep(2500);
    assertEquals(mutations, driverA.mutations(), "no driver calls once converged");
    assertEquals(version, get(VmInstance.class, ns, "web").getMetadata().getResourceVersion());

    client
        .resources(VmInstance.class)
        .inNamespace(ns)
        .withName("web")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"state\":\"Stopped\"}}");
    VmInstance stopped = runtimeIs(ns, "web", DomainState.Stopped, 2);
    assertNull(stopped.getStatus().console);
    assertEquals(DomainState.Stopped, driverA.compute().get(uid).orElseThrow().state());

    client
        .resources(VmInstance.class)
        .inNamespace(ns)
        .withName("web")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"state\":\"Running\"}}");
    runtimeIs(ns, "web", DomainState.Running, 3);

    // A crash is reported, not papered over.
    driverA.crash(uid);
    runtimeIs(ns, "web", DomainState.Crashed, 3);
    assertEquals(DomainState.Crashed, driverA.compute().get(uid).orElseThrow().state());

    client.resources(VmInstance.class).inNamespace(ns).withName("web").delete();
    await("web gone", 10, () -> get(VmInstance.class, ns, "web") == null);
    assertTrue(driverA.compute().get(uid).isEmpty(), "the domain is undefined");
    assertTrue(
        driverA.network().list().stream().noneMatch(a -> a.vmUid().equals(uid)), "NICs unplugged");
  }

  @Test
  void convergesDespiteInjectedFailures() throws Exception {
    String ns = "flaky";
    namespace(ns);
    readyImage("img-flaky");
    SimulatorDriver driver =
        new SimulatorDriver(
            SimulatorDriver.Options.defaults("node-b")
                .withLatency(Duration.ofMillis(5))
                .withFailures(0.1, 2));
    daemon("node-b", "10.9.0.2", driver);
    int vms = 10;
    int dataVolumes = 10;
    for (int i = 0; i < dataVolumes; i++) {
      volume(ns, "data-" + i, "node-b", sized("1Gi"));
    }
    for (int i = 0; i < vms; i++) {
      volume(ns, "vm-" + i + "-root", "node-b", root("img-flaky"));
    }
    for (int i = 0; i < vms; i++) {
      readyVolume(ns, "vm-" + i + "-root");
      placedVm(ns, "vm-" + i, "node-b", "img-flaky", "vm-" + i + "-root", 100 + i);
    }
    for (int i = 0; i < dataVolumes; i++) {
      readyVolume(ns, "data-" + i);
    }
    for (int i = 0; i < vms; i++) {
      runtimeIs(ns, "vm-" + i, DomainState.Running, 1);
    }
    long running =
        driver.compute().list().stream().filter(d -> d.state() == DomainState.Running).count();
    assertEquals(vms, running);
    assertEquals(vms + dataVolumes, driver.storage().list().size());
    LOG.info(
        "converged under 10% failures: {} driver calls, {} failed",
        driver.mutations(), driver.injectedFailures());

    for (int i = 0; i < vms; i++) {
      client.resources(VmInstance.class).inNamespace(ns).withName("vm-" + i).delete();
    }
    client.resources(Volume.class).inNamespace(ns).delete();
    await(
        "every VM and Volume gone",
        30,
        () ->
            client.resources(VmInstance.class).inNamespace(ns).list().getItems().isEmpty()
                && client.resources(Volume.class).inNamespace(ns).list().getItems().isEmpty());
    assertTrue(driver.compute().list().isEmpty(), "no domain leaked");
    assertTrue(driver.storage().list().isEmpty(), "no volume file leaked");
    assertTrue(driver.network().list().isEmpty(), "no NIC leaked");
    assertTrue(
        driver.injectedFailures() >= 3,
        "failures were injected: " + driver.injectedFailures() + " of " + driver.mutations());
  }

  @Test
  void restartAdoptsWhatItOwnsAndRemovesOrphans() throws Exception {
    String ns = "restart";
    namespace(ns);
    readyImage("img-restart");
    SimulatorDriver driver = new SimulatorDriver(SimulatorDriver.Options.defaults("node-c"));
    NodeDaemon first = daemon("node-c", "10.9.0.3", driver);
    volume(ns, "db-root", "node-c", root("img-restart"));
    readyVolume(ns, "db-root");
    placedVm(ns, "db", "node-c", "img-restart", "db-root", 7);
    String uid = runtimeIs(ns, "db", DomainState.Running, 1).getMetadata().getUid();

    first.kill().get();
    // While the daemon is down, things appear on the host that nobody asked for.
    StoragePool pool = new StoragePool(PS, "LocalStorage", "/var/lib/kumo/ps");
    driver.storage().createEmpty(pool, "orphan-volume", 1L << 30);
    driver
        .compute()
        .define(
            new DomainSpec(
                "orphan-vm", ns, "ghost", 1, 1L << 30, List.of(), List.of(), "ghost", null));
    driver.compute().start("orphan-vm");
    long before = driver.mutations();
    String vmVersion = get(VmInstance.class, ns, "db").getMetadata().getResourceVersion();

    daemon("node-c", "10.9.0.3", driver);
    await(
        "orphans removed",
        10,
        () ->
            driver.compute().get("orphan-vm").isEmpty()
                && driver.storage().find("orphan-volume").isEmpty());
    Thread.sleep(1500);
    assertEquals(DomainState.Running, driver.compute().get(uid).orElseThrow().state());
    assertEquals(
        3,
        driver.mutations() - before,
        "adopting makes no driver calls; orphans take destroy, undefine and delete");
    assertEquals(
        vmVersion,
        get(VmInstance.class, ns, "db").getMetadata().getResourceVersion(),
        "the adopted VM's status is already right");
    assertEquals(2, driver.storage().list().size() + driver.compute().list().size());
  }

  @Test
  void simulatedFleetRunsSeparateHosts() throws Exception {
    SimulatedFleet fleet =
        new SimulatedFleet(
            kubeConfig,
            SimulatedFleet.Options.defaults(CLUSTER)
                .withBaseManagementIp("10.9.1.0")
                .withTimings(LEASE, FULL_SYNC));
    CLEANUP.add(fleet);
    fleet.startHosts(3);
    assertEquals(List.of("host-0", "host-1", "host-2"), fleet.hosts());
    for (String host : fleet.hosts()) {
      Host h =
          await(
              host + " facts",
              10,
              () -> {
                Host x = get(Host.class, null, host);
                return x != null && x.getStatus() != null && x.getStatus().facts != null ? x : null;
              });
      assertEquals(fleet.managementIp(host), h.getSpec().managementIp);
    }
    assertEquals("10.9.1.2", fleet.managementIp("host-2"));

    fleet.kill("host-1");
    ZonedDateTime killedAt = renewTime("host-1");
    ZonedDateTime otherAt = renewTime("host-0");
    Thread.sleep(2500);
    assertEquals(killedAt, renewTime("host-1"), "a killed daemon stops heartbeating");
    assertTrue(renewTime("host-0").isAfter(otherAt), "the other hosts keep heartbeating");

    fleet.start("host-1");
    await("host-1 heartbeats again", 5, () -> renewTime("host-1").isAfter(killedAt));
    fleet.add("late");
    assertEquals("10.9.1.3", fleet.managementIp("late"));
    await("late registered", 10, () -> get(Host.class, null, "late") != null);
  }

  private static ZonedDateTime renewTime(String host) {
    return client
        .leases()
        .inNamespace(Labels.SYSTEM_NAMESPACE)
        .withName(Labels.hostLease(host))
        .get()
        .getSpec()
        .getRenewTime();
  }
}
