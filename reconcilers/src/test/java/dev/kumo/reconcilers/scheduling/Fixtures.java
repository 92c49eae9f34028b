package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityGroupSpec;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.NicSpec;
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
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageStatus;
import dev.kumo.api.storage.v1alpha1.StorageCapacity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for the objects the scheduler reads. */
final class Fixtures {
  static final long GIB = SchedulerConfig.GIB;

  private Fixtures() {}

  static Zone zone(String name) {
    Zone z = new Zone();
    z.setMetadata(new ObjectMetaBuilder().withName(name).build());
    z.setSpec(new ZoneSpec());
    z.getSpec().state = AdminState.Enabled;
    return z;
  }

  static Cluster cluster(String name, String zone, List<String> l2s, List<String> pss) {
    Cluster c = new Cluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.setSpec(new ClusterSpec());
    c.getSpec().zoneRef = zone;
    c.getSpec().l2NetworkRefs = new ArrayList<>(l2s);
    c.getSpec().primaryStorageRefs = new ArrayList<>(pss);
    return c;
  }

  /** A connected, enabled host with {@code threads} CPU threads and {@code memGi} GiB. */
  static Host host(String name, String cluster, int threads, long memGi) {
    Host h = new Host();
    h.setMetadata(new ObjectMetaBuilder().withName(name).build());
    h.setSpec(new HostSpec());
    h.getSpec().clusterRef = cluster;
    h.getSpec().managementIp = "10.0.0.1";
    h.getSpec().state = MaintainableState.Enabled;
    h.setStatus(new HostStatus());
    h.getStatus().connection = ConnectionStatus.Connected;
    h.getStatus().facts = new HostFacts();
    h.getStatus().facts.cpuThreads = threads;
    h.getStatus().facts.memory = new Quantity(memGi + "Gi");
    return h;
  }

  static PrimaryStorage ps(String name, String zone, long availableGi) {
    PrimaryStorage p = new PrimaryStorage();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    p.setSpec(new PrimaryStorageSpec());
    p.getSpec().zoneRef = zone;
    p.getSpec().url = "/var/lib/kumo/ps";
    p.getSpec().state = MaintainableState.Enabled;
    p.setStatus(new PrimaryStorageStatus());
    p.getStatus().connection = ConnectionStatus.Connected;
    p.getStatus().capacity = new StorageCapacity();
    p.getStatus().capacity.available = new Quantity(availableGi + "Gi");
    p.getStatus().capacity.total = new Quantity(availableGi + "Gi");
    return p;
  }

  static L3Network l3(String name, String l2) {
    L3Network n = new L3Network();
    n.setMetadata(new ObjectMetaBuilder().withName(name).build());
    n.setSpec(new L3NetworkSpec());
    n.getSpec().l2NetworkRef = l2;
    return n;
  }

  static VmInstance vm(String name, int cpu, long memGi, String... l3s) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    vm.setSpec(new VmInstanceSpec());
    vm.getSpec().cpu = cpu;
    vm.getSpec().memory = new Quantity(memGi + "Gi");
    vm.getSpec().imageRef = "img";
    List<NicSpec> nics = new ArrayList<>();
    for (String l3 : l3s) {
      NicSpec n = new NicSpec();
      n.l3NetworkRef = l3;
      nics.add(n);
    }
    vm.getSpec().nics = nics;
    return vm;
  }

  /** A VM as it looks after placement, for ledger rebuilds. */
  static VmInstance placed(String name, String host, VmState state, int cpu, long memGi) {
    VmInstance vm = vm(name, cpu, memGi);
    vm.setStatus(new VmInstanceStatus());
    vm.getStatus().hostRef = host;
    vm.getStatus().state = state;
    vm.getStatus().cpu = cpu;
    vm.getStatus().memory = new Quantity(memGi + "Gi");
    return vm;
  }

  static InstanceOffering offering(
      String name,
      int cpu,
      long memGi,
      AllocatorStrategy strategy,
      AllocatorMode mode,
      Integer max) {
    InstanceOffering o = new InstanceOffering();
    o.setMetadata(new ObjectMetaBuilder().withName(name).build());
    o.setSpec(new InstanceOfferingSpec());
    o.getSpec().cpu = cpu;
    o.getSpec().memory = new Quantity(memGi + "Gi");
    o.getSpec().allocatorStrategy = strategy;
    o.getSpec().allocatorMode = mode;
    o.getSpec().maxInstancePerHost = max;
    return o;
  }

  static AffinityGroup group(String name, AffinityPolicy policy, AllocatorMode mode) {
    AffinityGroup g = new AffinityGroup();
    g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    g.setSpec(new AffinityGroupSpec());
    g.getSpec().policy = policy;
    g.getSpec().mode = mode;
    return g;
  }

  /**
   * A one-zone cloud: cluster c1 (L2 l2a, PS ps1) with hosts h1..hN of 4 threads / 16 GiB, L3 l3a
   * on l2a.
   */
  static Inventory cloud(int hosts) {
    List<Host> hs = new ArrayList<>();
    for (int i = 1; i <= hosts; i++) {
      hs.add(host("h" + i, "c1", 4, 16));
    }
    return Inventory.of(
        List.of(zone("z1")),
        List.of(cluster("c1", "z1", List.of("l2a"), List.of("ps1"))),
        hs,
        List.of(ps("ps1", "z1", 1000)),
        List.of(l3("l3a", "l2a")),
        Map.of(),
        null);
  }

  static Inventory withMetrics(Inventory inv, Map<String, HostMetrics> metrics) {
    return new Inventory(
        inv.zones(),
        inv.clusters(),
        inv.hosts(),
        inv.primaryStorages(),
        inv.l3Networks(),
        metrics,
        inv.config());
  }
}
