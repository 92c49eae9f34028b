package dev.kumo.reconcilers.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.ClusterSpec;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.infra.v1alpha1.ZoneSpec;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAddressSpec;
import dev.kumo.api.network.v1alpha1.IpOwner;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L2NetworkSpec;
import dev.kumo.api.network.v1alpha1.L2NetworkType;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.apiserver.server.ServerFixture;
import dev.kumo.reconcilers.ipam.IpAddressNames;
import dev.kumo.reconcilers.network.IpAddressReconciler;
import dev.kumo.reconcilers.network.L3NetworkReconciler;
import dev.kumo.reconcilers.scheduling.SchedulerConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The infrastructure reconcilers against the real API server over etcd: host connection from a
 * hand-made Lease, capacity, L3 range overlap and counts, offering in-use protection and the
 * IpAddress orphan sweep.
 */
class InfraReconcilersIT {
  private static final String NS = "tenant";

  private static ServerFixture fixture;
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    client = newClient();
    for (String ns : List.of(NS, Labels.SYSTEM_NAMESPACE)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    KubernetesClient operatorClient = newClient();
    operator =
        new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(true));
    for (Reconciler<?> r : InfraReconcilers.all(operatorClient, SchedulerConfig.DEFAULTS)) {
      if (!(r instanceof IpAddressReconciler)) {
        operator.register(r);
      }
    }
    operator.register(
        new IpAddressReconciler(operatorClient, Duration.ofSeconds(2), Clock.systemUTC()));
    operator.start();
  }

  private static KubernetesClient newClient() throws Exception {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(fixture.kubeconfig())))
        .build();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  // ------------------------------------------------------------------------------ fixtures

  private static ObjectMeta meta(String name) {
    ObjectMeta m = new ObjectMeta();
    m.setName(name);
    return m;
  }

  private static <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  private static void zoneAndCluster(String zone, String cluster) {
    Zone z = new Zone();
    z.setMetadata(meta(zone));
    z.setSpec(new ZoneSpec());
    create(z);
    Cluster c = new Cluster();
    c.setMetadata(meta(cluster));
    c.setSpec(new ClusterSpec());
    c.getSpec().zoneRef = zone;
    create(c);
  }

  private static Host host(String name, String cluster, String ip) {
    Host h = new Host();
    h.setMetadata(meta(name));
    h.setSpec(new HostSpec());
    h.getSpec().clusterRef = cluster;
    h.getSpec().managementIp = ip;
    return create(h);
  }

  private static Lease lease(String host, int seconds) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(Labels.hostLease(host))
        .withNamespace(Labels.SYSTEM_NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(host)
        .withLeaseDurationSeconds(seconds)
        .withAcquireTime(ZonedDateTime.now())
        .withRenewTime(ZonedDateTime.now())
        .endSpec()
        .build();
  }

  private static VmInstance vm(String name, String offering) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(meta(name));
    vm.getMetadata().setNamespace(NS);
    vm.setSpec(new VmInstanceSpec());
    vm.getSpec().imageRef = "cirros";
    if (offering != null) {
      vm.getSpec().instanceOfferingRef = offering;
    } else {
      vm.getSpec().cpu = 2;
      vm.getSpec().memory = new Quantity("1Gi");
    }
    return vm;
  }

  private static L3Network l3(String name, String l2, String start, String end) {
    L3Network l3 = new L3Network();
    l3.setMetadata(meta(name));
    l3.setSpec(new L3NetworkSpec());
    l3.getSpec().l2NetworkRef = l2;
    IpRange r = new IpRange();
    r.startIp = start;
    r.endIp = end;
    r.prefixLength = 24;
    r.gateway = "10.1.0.1";
    l3.getSpec().ipRanges = List.of(r);
    return l3;
  }

  private static IpAddress ip(String l3, String address, String vmNamespace, String vmName) {
    IpAddress ip = new IpAddress();
    ip.setMetadata(meta(IpAddressNames.of(l3, address)));
    ip.getMetadata()
        .setLabels(
            Map.of(Labels.L3_NETWORK, l3, Labels.VM, vmName, Labels.VM_NAMESPACE, vmNamespace));
    ip.setSpec(new IpAddressSpec());
    ip.getSpec().l3NetworkRef = l3;
    ip.getSpec().ip = address;
    ip.getSpec().owner = new IpOwner();
    ip.getSpec().owner.kind = "VmInstance";
    ip.getSpec().owner.namespace = vmNamespace;
    ip.getSpec().owner.name = vmName;
    ip.getSpec().owner.nic = "eth0";
    return ip;
  }

  private static Condition ready(HasMetadata object, List<Condition> conditions) {
    return Conditions.find(conditions, ConditionTypes.READY).orElse(null);
  }

  private static List<Event> events(String name, String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  private static void waitFor(BooleanSupplier condition, int seconds, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what.get());
  }

  private static Host getHost(String name) {
    return client.resources(Host.class).withName(name).get();
  }

  private static L3Network getL3(String name) {
    return client.resources(L3Network.class).withName(name).get();
  }

  // --------------------------------------------------------------------------------- tests

  @Test
  void hostConnectsWithItsLeaseAndDisconnectsWhenItExpires() throws Exception {
    zoneAndCluster("zone-h", "cluster-h");
    host("host-a", "cluster-h", "192.168.0.11");
    waitFor(
        () -> {
          Host h = getHost("host-a");
          return h.getStatus() != null && h.getStatus().connection == ConnectionStatus.Connecting;
        },
        15,
        () -> "host-a Connecting: " + getHost("host-a").getStatus());
    Host connecting = getHost("host-a");
    assertEquals("Connecting", ready(connecting, connecting.getStatus().conditions).reason);

    // the node daemon's part, by hand: facts and a heartbeat of 2 s
    Host withFacts = getHost("host-a");
    withFacts.getStatus().facts = new HostFacts();
    withFacts.getStatus().facts.cpuThreads = 4;
    withFacts.getStatus().facts.memory = new Quantity("8Gi");
    client.resource(withFacts).updateStatus();
    VmInstance vm = create(vm("on-host-a", null));
    vm.setStatus(new VmInstanceStatus());
    vm.getStatus().hostRef = "host-a";
    vm.getStatus().clusterRef = "cluster-h";
    vm.getStatus().state = VmState.Running;
    vm.getStatus().cpu = 2;
    vm.getStatus().memory = new Quantity("1Gi");
    client.resource(vm).updateStatus();
    client.resource(lease("host-a", 2)).create();

    waitFor(
        () -> {
          Host h = getHost("host-a");
          return h.getStatus().connection == ConnectionStatus.Connected
              && h.getStatus().capacity != null
              && Integer.valueOf(38).equals(h.getStatus().capacity.availableCpu);
        },
        15,
        () -> "host-a Connected with capacity: " + getHost("host-a").getStatus().capacity);
    HostStatus connected = getHost("host-a").getStatus();
    assertEquals(40, connected.capacity.totalCpu, "4 threads x 10");
    assertEquals(new Quantity("7Gi"), connected.capacity.totalMemory, "8Gi - 1Gi reserve");
    assertEquals(new Quantity("6Gi"), connected.capacity.availableMemory);
    assertEquals(1, connected.vms);
    assertNotNull(connected.lastHeartbeatTime);
    assertTrue(Conditions.isTrue(connected.conditions, ConditionTypes.CONNECTED));
    assertTrue(Conditions.isTrue(connected.conditions, ConditionTypes.READY));
    waitFor(() -> !events("host-a", "Connected").isEmpty(), 10, () -> "a Connected Event");

    // no renewal: the lease expires 2 s after it was written, and the host is re-checked then
    waitFor(
        () -> getHost("host-a").getStatus().connection == ConnectionStatus.Disconnected,
        10,
        () -> "host-a Disconnected: " + getHost("host-a").getStatus().conditions);
    HostStatus disconnected = getHost("host-a").getStatus();
    Condition c = Conditions.find(disconnected.conditions, ConditionTypes.CONNECTED).orElseThrow();
    assertEquals("HeartbeatExpired", c.reason);
    assertTrue(c.message.contains("expired"), c.message);
    assertEquals("Disconnected", ready(null, disconnected.conditions).reason);
    waitFor(() -> !events("host-a", "Disconnected").isEmpty(), 10, () -> "a Disconnected Event");
    Event event = events("host-a", "Disconnected").get(0);
    assertEquals("Warning", event.getType());
    assertEquals("Host", event.getInvolvedObject().getKind());

    waitFor(
        () -> {
          Cluster cl = client.resources(Cluster.class).withName("cluster-h").get();
          return cl.getStatus() != null
              && Integer.valueOf(1).equals(cl.getStatus().hosts)
              && Integer.valueOf(0).equals(cl.getStatus().connectedHosts)
              && Integer.valueOf(1).equals(cl.getStatus().vms);
        },
        10,
        () ->
            "cluster-h counts: "
                + client.resources(Cluster.class).withName("cluster-h").get().getStatus());
    waitFor(
        () -> {
          Zone z = client.resources(Zone.class).withName("zone-h").get();
          return z.getStatus() != null
              && Integer.valueOf(1).equals(z.getStatus().clusters)
              && Integer.valueOf(1).equals(z.getStatus().hosts);
        },
        10,
        () -> "zone-h counts");
  }

  @Test
  void overlappingL3IsNotReadyAndCountsComeFromIpAddresses() throws Exception {
    L2Network l2 = new L2Network();
    l2.setMetadata(meta("l2-o"));
    l2.setSpec(new L2NetworkSpec());
    l2.getSpec().zoneRef = "zone-o";
    l2.getSpec().type = L2NetworkType.NoVlan;
    l2.getSpec().physicalInterface = "eth0";
    create(l2);
    create(l3("l3-old", "l2-o", "10.1.0.10", "10.1.0.100"));
    Thread.sleep(1100); // creationTimestamp has second precision: the second one is younger
    create(l3("l3-new", "l2-o", "10.1.0.50", "10.1.0.150"));
    create(vm("somebody", null));
    create(ip("l3-old", "10.1.0.10", NS, "somebody"));
    create(ip("l3-old", "10.1.0.11", NS, "somebody"));

    waitFor(
        () -> {
          L3Network n = getL3("l3-new");
          Condition c = n.getStatus() == null ? null : ready(n, n.getStatus().conditions);
          return c != null && "IpRangeOverlap".equals(c.reason);
        },
        15,
        () -> "l3-new IpRangeOverlap: " + getL3("l3-new").getStatus());
    Condition overlap = ready(null, getL3("l3-new").getStatus().conditions);
    assertTrue(overlap.message.contains("l3-old"), overlap.message);
    assertTrue(overlap.message.contains("spec.ipRanges[0]"), overlap.message);
    waitFor(() -> !events("l3-new", "IpRangeOverlap").isEmpty(), 10, () -> "an overlap Event");

    waitFor(
        () -> {
          L3Network n = getL3("l3-old");
          return n.getStatus() != null && Long.valueOf(2).equals(n.getStatus().usedIps);
        },
        15,
        () -> "l3-old counts: " + getL3("l3-old").getStatus());
    L3Network old = getL3("l3-old");
    // the ZoneNotFound of l2-o does not matter to the L3: its L2 exists
    assertEquals("Enabled", ready(old, old.getStatus().conditions).reason);
    assertEquals("10.1.0.0/24", old.getStatus().cidr);
    assertEquals("10.1.0.1", old.getStatus().gateway);
    assertEquals(91, old.getStatus().totalIps);
    assertEquals(89, old.getStatus().freeIps);
    assertTrue(old.getMetadata().getFinalizers().contains(Finalizers.IN_USE));

    // deleting it waits for its VM; forcing lets it go
    client.resources(L3Network.class).withName("l3-old").delete();
    waitFor(
        () -> "InUse".equals(ready(null, getL3("l3-old").getStatus().conditions).reason),
        15,
        () -> "l3-old InUse: " + getL3("l3-old").getStatus());
    Condition inUse = ready(null, getL3("l3-old").getStatus().conditions);
    assertTrue(inUse.message.contains("VmInstance tenant/somebody"), inUse.message);
    waitFor(() -> !events("l3-old", "DeletionBlocked").isEmpty(), 10, () -> "DeletionBlocked");
    client
        .resources(L3Network.class)
        .withName("l3-old")
        .edit(
            n -> {
              n.getMetadata().setAnnotations(Map.of(L3NetworkReconciler.FORCE_DELETE, "true"));
              return n;
            });
    waitFor(() -> getL3("l3-old") == null, 15, () -> "l3-old to be gone when forced");
  }

  @Test
  void inUseOfferingWaitsForItsLastVm() throws Exception {
    InstanceOffering offering = new InstanceOffering();
    offering.setMetadata(meta("small"));
    offering.setSpec(new InstanceOfferingSpec());
    offering.getSpec().cpu = 1;
    offering.getSpec().memory = new Quantity("1Gi");
    create(offering);
    create(vm("user-1", "small"));
    Supplier<InstanceOffering> get =
        () -> client.resources(InstanceOffering.class).withName("small").get();
    waitFor(
        () ->
            get.get().getMetadata().getFinalizers().contains(Finalizers.IN_USE)
                && get.get().getStatus() != null
                && Integer.valueOf(1).equals(get.get().getStatus().vms),
        15,
        () -> "the in-use finalizer: " + get.get().getMetadata());

    client.resources(InstanceOffering.class).withName("small").delete();
    waitFor(
        () -> {
          Condition c = ready(null, get.get().getStatus().conditions);
          return c != null && "InUse".equals(c.reason);
        },
        15,
        () -> "Ready=False InUse: " + get.get().getStatus());
    Condition blocked = ready(null, get.get().getStatus().conditions);
    assertTrue(blocked.message.contains("VmInstance tenant/user-1"), blocked.message);
    waitFor(() -> !events("small", "DeletionBlocked").isEmpty(), 10, () -> "DeletionBlocked");

    client.resources(VmInstance.class).inNamespace(NS).withName("user-1").delete();
    waitFor(() -> get.get() == null, 15, () -> "the offering to be gone");
  }

  @Test
  void orphanedIpAddressIsSweptAndOwnedOneGetsItsStatus() throws Exception {
    L2Network l2 = new L2Network();
    l2.setMetadata(meta("l2-s"));
    l2.setSpec(new L2NetworkSpec());
    l2.getSpec().zoneRef = "zone-s";
    l2.getSpec().type = L2NetworkType.NoVlan;
    l2.getSpec().physicalInterface = "eth1";
    create(l2);
    L3Network l3 = l3("l3-s", "l2-s", "10.1.0.10", "10.1.0.20");
    l3.getSpec().ipRanges.get(0).name = "first";
    create(l3);
    create(vm("owner", null));
    create(ip("l3-s", "10.1.0.12", NS, "owner"));
    create(ip("l3-s", "10.1.0.13", NS, "gone"));
    String owned = IpAddressNames.of("l3-s", "10.1.0.12");
    String orphan = IpAddressNames.of("l3-s", "10.1.0.13");

    waitFor(
        () -> client.resources(IpAddress.class).withName(orphan).get() == null,
        15,
        () -> "the orphan to be swept");
    IpAddress kept = client.resources(IpAddress.class).withName(owned).get();
    assertNotNull(kept, "the address of an existing VM stays");
    waitFor(
        () -> {
          IpAddress a = client.resources(IpAddress.class).withName(owned).get();
          return a.getStatus() != null && "first".equals(a.getStatus().ipRange);
        },
        10,
        () -> "the address status");
    IpAddress a = client.resources(IpAddress.class).withName(owned).get();
    assertEquals(24, a.getStatus().prefixLength);
    assertEquals("10.1.0.1", a.getStatus().gateway);
    assertTrue(Conditions.isTrue(a.getStatus().conditions, ConditionTypes.READY));
  }
}
