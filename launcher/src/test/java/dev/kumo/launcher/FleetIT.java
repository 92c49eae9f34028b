package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.controllers.KubeClients;
import dev.kumo.node.SimulatedFleet;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.SimulatorDriver;
import dev.kumo.reconcilers.config.GlobalConfig;
import dev.kumo.reconcilers.ipam.Ipv4;
import dev.kumo.reconcilers.scheduling.Allocatable;
import dev.kumo.reconcilers.scheduling.CapacityModel;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4's acceptance on a simulated fleet: the real API server over etcd, the controller manager
 * in a child JVM (so that it can be killed with SIGKILL), and 20 simulated hosts (node daemons with
 * the simulator driver) in this JVM. 500 VMs at once; the same with 10 % of driver calls failing;
 * the controller manager killed mid-storm; a node daemon killed mid-storm. After each storm every
 * invariant is checked against etcd and against the simulated hypervisors: all Running, no host
 * above its capacity, no duplicate IP or MAC, every IP in its range, and exactly one IpAddress, one
 * root Volume and one domain per VM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
  private static final Logger LOG = LoggerFactory.getLogger(FleetIT.class);
  private static final int HOSTS = 20;
  private static final int VMS = 500;
  private static final String NS = "fleet";
  private static final String L3 = "fleet-l3";
  private static final long GI = 1024L * 1024 * 1024;
  private static final Duration STORM_TIMEOUT = Duration.ofMinutes(6);

  private static ServerFixture fixture;
  private static KubernetesClient client;
  private static SimulatedFleet fleet;
  private static ControllerManagerProcess manager;

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
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(Labels.SYSTEM_NAMESPACE)
                .endMetadata()
                .build())
        .create();
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
    L3Network l3 = new L3Network();
    l3.setMetadata(new ObjectMetaBuilder().withName(L3).build());
    l3.setSpec(new L3NetworkSpec());
    l3.getSpec().l2NetworkRef = "flat-l2";
    IpRange range = new IpRange();
    range.name = "fleet";
    range.startIp = "10.20.0.10";
    range.endIp = "10.20.3.250";
    range.netmask = "255.255.252.0";
    range.gateway = "10.20.0.1";
    l3.getSpec().ipRanges = List.of(range);
    client.resource(l3).create();

    // 20 hosts of 4 threads and 16 GiB: 40 vCPUs and 15 GiB allocatable each, room for 30 VMs of
    // 512 MiB, so 500 VMs fill 83 % of the fleet and a careless scheduler would over-book.
    SimulatedFleet.Options options =
        SimulatedFleet.Options.defaults("cluster-1")
            .withBaseManagementIp("127.0.0.1")
            .withSimulator(
                SimulatorDriver.Options.defaults("sim")
                    .withHardware(4, 16 * GI, 2048 * GI)
                    .withLatency(Duration.ofMillis(5)))
            .withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10));
    fleet =
        new SimulatedFleet(Config.fromKubeconfig(Files.readString(fixture.kubeconfig())), options);
    for (int i = 1; i <= HOSTS; i++) {
      fleet.add("host-" + i);
    }
    manager = ControllerManagerProcess.start(fixture.kubeconfig(), "cm-1");
    await(
        "hosts connected and the image registered",
        Duration.ofMinutes(2),
        () ->
            client.resources(Host.class).list().getItems().stream()
                    .filter(
                        h ->
                            h.getStatus() != null
                                && Conditions.isTrue(
                                    h.getStatus().conditions, ConditionTypes.READY))
                    .count()
                == HOSTS);
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.kill();
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

  @Test
  @Order(1)
  void fiveHundredVmsOnTwentyHosts() throws Exception {
    storm(() -> {});
    checkInvariants();
  }

  @Test
  @Order(2)
  void fiveHundredVmsWithTenPercentOfDriverCallsFailing() throws Exception {
    deleteAll();
    setFailureRate(0.1);
    try {
      storm(() -> {});
      checkInvariants();
      deleteAll();
    } finally {
      setFailureRate(0);
    }
    assertNothingLeft();
  }

  @Test
  @Order(3)
  void controllerManagerKilledInTheMiddleOfAStorm() throws Exception {
    deleteAll();
    storm(
        () -> {
          try {
            await("100 VMs placed", Duration.ofMinutes(2), () -> placed() >= 100);
            LOG.info("kill -9 of the controller manager with {} VMs placed", placed());
            manager.kill();
            manager = ControllerManagerProcess.start(fixture.kubeconfig(), "cm-2");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    checkInvariants();
  }

  @Test
  @Order(4)
  void nodeDaemonKilledInTheMiddleOfAStorm() throws Exception {
    deleteAll();
    storm(
        () -> {
          try {
            await("100 VMs placed", Duration.ofMinutes(2), () -> placed() >= 100);
            LOG.info("kill of host-3's node daemon with {} VMs placed", placed());
            fleet.kill("host-3");
            Thread.sleep(3000);
            fleet.start("host-3");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    checkInvariants();
    deleteAll();
    assertNothingLeft();
  }

  // -----------------------------------------------------------------------------------------------

  /** Creates the VMs from 16 threads, runs {@code during}, and waits until all are Ready. */
  private static void storm(Runnable during) throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> creates = new ArrayList<>();
    for (int i = 0; i < VMS; i++) {
      VmInstance vm = vm("vm-" + i);
      creates.add(pool.submit(() -> client.resource(vm).create()));
    }
    during.run();
    for (Future<?> f : creates) {
      f.get();
    }
    pool.shutdown();
    try {
      await("all " + VMS + " VMs Running", STORM_TIMEOUT, () -> ready() == VMS);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; " + stuck(), e);
    }
    LOG.info(
        "{} VMs Running on {} hosts in {} ms",
        VMS,
        HOSTS,
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
  }

  private static VmInstance vm(String name) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    VmInstanceSpec spec = new VmInstanceSpec();
    spec.instanceOfferingRef = "small";
    spec.imageRef = "kumo-test-guest";
    NicSpec nic = new NicSpec();
    nic.l3NetworkRef = L3;
    spec.nics = List.of(nic);
    vm.setSpec(spec);
    return vm;
  }

  private static List<VmInstance> vms() {
    return client.resources(VmInstance.class).inNamespace(NS).list().getItems();
  }

  private static long placed() {
    return vms().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().hostRef != null)
        .count();
  }

  private static long ready() {
    return vms().stream()
        .filter(
            v ->
                v.getStatus() != null
                    && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY))
        .count();
  }

  /** What the VMs that are not Ready look like: counts by state and reason, and a few examples. */
  private static String stuck() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (VmInstance v : vms()) {
      if (v.getStatus() != null
          && Conditions.isTrue(v.getStatus().conditions, ConditionTypes.READY)) {
        continue;
      }
      String reason =
          v.getStatus() == null
              ? "no status"
              : v.getStatus().state
                  + "/"
                  + Conditions.find(v.getStatus().conditions, ConditionTypes.READY)
                      .map(c -> c.reason)
                      .orElse("-");
      counts.merge(reason, 1, Integer::sum);
      if (examples.size() < 5) {
        String volumes =
            client
                .resources(Volume.class)
                .inNamespace(NS)
                .withLabel(Labels.VM, v.getMetadata().getName())
                .list()
                .getItems()
                .stream()
                .map(
                    x ->
                        x.getMetadata().getName()
                            + "="
                            + (x.getStatus() == null ? null : x.getStatus().phase))
                .toList()
                .toString();
        examples.add(
            v.getMetadata().getName()
                + " on "
                + (v.getStatus() == null ? null : v.getStatus().hostRef)
                + " (volumes as the API serves them: "
                + volumes
                + "): "
                + (v.getStatus() == null ? "" : Serialization.asJson(v.getStatus())));
      }
    }
    return "not ready: " + counts + "; e.g. " + examples;
  }

  private static void setFailureRate(double rate) {
    for (String h : fleet.hosts()) {
      fleet.driver(h).setFailureRate(rate);
    }
  }

  private static void deleteAll() throws Exception {
    // One DELETE per VM from 16 threads, as users and GitOps tools delete.
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> deletes = new ArrayList<>();
    for (VmInstance vm : vms()) {
      deletes.add(pool.submit(() -> client.resource(vm).delete()));
    }
    for (Future<?> f : deletes) {
      f.get();
    }
    pool.shutdown();
    await("every VM deleted", STORM_TIMEOUT, () -> vms().isEmpty());
    await(
        "addresses, volumes and domains released",
        Duration.ofMinutes(2),
        () -> leftovers().isEmpty());
  }

  private static void assertNothingLeft() {
    assertEquals(List.of(), leftovers());
  }

  /** What still exists of deleted VMs: IpAddresses, Volumes, domains, volume files. */
  private static List<String> leftovers() {
    List<String> left = new ArrayList<>();
    client
        .resources(IpAddress.class)
        .withLabel(Labels.L3_NETWORK, L3)
        .list()
        .getItems()
        .forEach(ip -> left.add("IpAddress " + ip.getMetadata().getName()));
    client
        .resources(Volume.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .forEach(v -> left.add("Volume " + v.getMetadata().getName()));
    for (String h : fleet.hosts()) {
      fleet.driver(h).compute().list().forEach(d -> left.add("domain " + d.uid() + " on " + h));
      fleet.driver(h).storage().list().forEach(f -> left.add("volume file " + f + " on " + h));
    }
    return left;
  }

  private static void checkInvariants() {
    List<VmInstance> vms = vms();
    assertEquals(VMS, vms.size());
    Map<String, Host> hosts = new HashMap<>();
    client
        .resources(Host.class)
        .list()
        .getItems()
        .forEach(h -> hosts.put(h.getMetadata().getName(), h));
    Cluster cluster = client.resources(Cluster.class).withName("cluster-1").get();
    Map<String, Integer> cpu = new HashMap<>();
    Map<String, Long> memory = new HashMap<>();
    Set<String> ips = new HashSet<>();
    Set<String> macs = new HashSet<>();
    Map<String, String> uidToHost = new HashMap<>();
    long lo = Ipv4.parse("10.20.0.10");
    long hi = Ipv4.parse("10.20.3.250");
    for (VmInstance vm : vms) {
      String name = vm.getMetadata().getName();
      assertEquals(VmState.Running, vm.getStatus().state, name);
      String host = vm.getStatus().hostRef;
      assertTrue(hosts.containsKey(host), name + " on unknown host " + host);
      cpu.merge(host, vm.getStatus().cpu, Integer::sum);
      memory.merge(host, CapacityModel.bytes(vm.getStatus().memory), Long::sum);
      String ip = vm.getStatus().ip;
      assertTrue(ips.add(ip), "duplicate IP " + ip);
      long a = Ipv4.parse(ip);
      assertTrue(a >= lo && a <= hi, ip + " outside the range");
      String mac = vm.getStatus().nics.get(0).mac;
      assertTrue(macs.add(mac), "duplicate MAC " + mac);
      uidToHost.put(vm.getMetadata().getUid(), host);
    }
    for (Map.Entry<String, Integer> e : cpu.entrySet()) {
      Allocatable cap =
          CapacityModel.allocatable(
                  hosts.get(e.getKey()), cluster, GlobalConfig.DEFAULTS.scheduler())
              .orElseThrow();
      assertTrue(e.getValue() <= cap.cpu(), e.getKey() + " over its vCPUs: " + e.getValue());
      long mem = memory.get(e.getKey());
      assertTrue(mem <= cap.memoryBytes(), e.getKey() + " over its memory: " + mem);
    }
    List<IpAddress> addresses =
        client.resources(IpAddress.class).withLabel(Labels.L3_NETWORK, L3).list().getItems();
    assertEquals(VMS, addresses.size(), "one IpAddress per VM");
    for (IpAddress a : addresses) {
      assertTrue(ips.contains(a.getSpec().ip), "IpAddress " + a.getSpec().ip + " of no VM");
    }
    List<Volume> volumes = client.resources(Volume.class).inNamespace(NS).list().getItems();
    assertEquals(VMS, volumes.size(), "one root volume per VM");
    for (Volume v : volumes) {
      assertEquals(VolumePhase.Ready, v.getStatus().phase, v.getMetadata().getName());
    }
    int domains = 0;
    for (String h : fleet.hosts()) {
      for (DomainInfo d : fleet.driver(h).compute().list()) {
        domains++;
        assertEquals(uidToHost.get(d.uid()), h, "domain " + d.uid() + " on the wrong host");
      }
      assertEquals(
          uidToHost.values().stream().filter(h::equals).count(),
          fleet.driver(h).storage().list().size(),
          "volume files on " + h);
    }
    assertEquals(VMS, domains, "one domain per VM");
  }

  private static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
