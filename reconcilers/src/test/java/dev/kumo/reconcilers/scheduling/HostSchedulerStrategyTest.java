package dev.kumo.reconcilers.scheduling;

import static dev.kumo.reconcilers.scheduling.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sort chain: strategies, modes, soft affinity and tie-breaking. */
class HostSchedulerStrategyTest {
  private final Inventory inv = Fixtures.cloud(3);

  private static SchedulingRequest req(
      InstanceOffering o, AffinityGroup g, VmInstance vm, Inventory inv) {
    if (o != null) {
      vm.getSpec().instanceOfferingRef = o.getMetadata().getName();
      vm.getSpec().cpu = null;
      vm.getSpec().memory = null;
    }
    return SchedulingRequest.of(vm, o, g, inv.l3Networks(), 0, null);
  }

  private static List<String> ranked(CapacityLedger l, SchedulingRequest r, Inventory inv) {
    return new HostScheduler(l).evaluate(r, inv).ranked();
  }

  @Test
  void leastVmPreferredIsTheDefaultAndOrdersByVmCountThenName() {
    CapacityLedger l =
        CapacityLedger.rebuild(
            List.of(
                Fixtures.placed("x", "h1", VmState.Running, 1, 1),
                Fixtures.placed("y", "h1", VmState.Running, 1, 1),
                Fixtures.placed("z", "h3", VmState.Running, 1, 1)));
    SchedulingRequest r = req(null, null, Fixtures.vm("a", 1, 1), inv);
    assertEquals(AllocatorStrategy.LeastVmPreferred, r.strategy());
    assertEquals(List.of("h2", "h3", "h1"), ranked(l, r, inv));
  }

  @Test
  void leastVmPreferredSpreadsVmsRoundRobin() {
    HostScheduler s = new HostScheduler(new CapacityLedger());
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      hosts.add(
          ((ScheduleResult.Scheduled)
                  s.schedule(Fixtures.vm("v" + i, 1, 1), null, null, 0, null, inv))
              .host());
    }
    assertEquals(List.of("h1", "h2", "h3", "h1", "h2", "h3"), hosts);
  }

  @Test
  void tiesAreBrokenByNameWhateverTheInputOrder() {
    List<Host> shuffled = new ArrayList<>(inv.hosts());
    Collections.reverse(shuffled);
    Inventory reversed =
        new Inventory(
            inv.zones(),
            inv.clusters(),
            shuffled,
            inv.primaryStorages(),
            inv.l3Networks(),
            null,
            null);
    SchedulingRequest r = req(null, null, Fixtures.vm("a", 1, 1), inv);
    assertEquals(List.of("h1", "h2", "h3"), ranked(new CapacityLedger(), r, reversed));
  }

  @Test
  void minimumCpuUsageSoftPutsHostsWithoutDataLast() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, AllocatorMode.Soft, null);
    Inventory m =
        Fixtures.withMetrics(
            inv, Map.of("h1", new HostMetrics(0.7, 0.1), "h3", new HostMetrics(0.2, 0.9)));
    assertEquals(
        List.of("h3", "h1", "h2"),
        ranked(new CapacityLedger(), req(o, null, Fixtures.vm("a", 1, 1), m), m));
    // Without any data, soft mode falls back to the fewest VMs.
    CapacityLedger l =
        CapacityLedger.rebuild(List.of(Fixtures.placed("x", "h1", VmState.Running, 1, 1)));
    assertEquals(
        List.of("h2", "h3", "h1"), ranked(l, req(o, null, Fixtures.vm("b", 1, 1), inv), inv));
  }

  @Test
  void minimumCpuUsageDefaultModeIsSoft() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, null, null);
    SchedulingRequest r = req(o, null, Fixtures.vm("a", 1, 1), inv);
    assertEquals(AllocatorMode.Soft, r.mode());
    assertEquals(3, ranked(new CapacityLedger(), r, inv).size());
  }

  @Test
  void minimumCpuUsageHardRanksOnlyHostsWithData() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, AllocatorMode.Hard, null);
    Inventory m =
        Fixtures.withMetrics(
            inv, Map.of("h1", new HostMetrics(0.3, null), "h2", new HostMetrics(0.1, null)));
    assertEquals(
        List.of("h2", "h1"),
        ranked(new CapacityLedger(), req(o, null, Fixtures.vm("a", 1, 1), m), m));
  }

  @Test
  void minimumMemoryUsageUsesMetricsOrReportedPhysicalMemory() {
    InstanceOffering o =
        Fixtures.offering(
            "o", 1, 1, AllocatorStrategy.MinimumMemoryUsage, AllocatorMode.Hard, null);
    Inventory m = Fixtures.withMetrics(inv, Map.of("h1", new HostMetrics(0.0, 0.6)));
    Host h2 = inv.hosts().get(1);
    h2.getStatus().capacity = new HostCapacity();
    h2.getStatus().capacity.totalPhysicalMemory = new Quantity("16Gi");
    h2.getStatus().capacity.availablePhysicalMemory = new Quantity("12Gi"); // 25% used
    assertEquals(
        List.of("h2", "h1"),
        ranked(new CapacityLedger(), req(o, null, Fixtures.vm("a", 1, 1), m), m));
  }

  @Test
  void equalUsageFallsBackToVmCountThenName() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, AllocatorMode.Soft, null);
    Inventory m =
        Fixtures.withMetrics(
            inv,
            Map.of(
                "h1", new HostMetrics(0.5, null),
                "h2", new HostMetrics(0.5, null),
                "h3", new HostMetrics(0.5, null)));
    CapacityLedger l =
        CapacityLedger.rebuild(List.of(Fixtures.placed("x", "h1", VmState.Running, 1, 1)));
    assertEquals(List.of("h2", "h3", "h1"), ranked(l, req(o, null, Fixtures.vm("a", 1, 1), m), m));
  }

  @Test
  void softAntiAffinityPrefersHostsWithoutMembersThenFallsBack() {
    AffinityGroup g = Fixtures.group("g", AffinityPolicy.AntiAffinity, AllocatorMode.Soft);
    CapacityLedger l = new CapacityLedger();
    HostScheduler s = new HostScheduler(l);
    // An unrelated VM lands on h1 first, so the group starts on h2.
    s.schedule(Fixtures.vm("other", 1, 1), null, null, 0, null, inv);
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      VmInstance vm = Fixtures.vm("m" + i, 1, 1);
      vm.getSpec().affinityGroupRef = "g";
      hosts.add(((ScheduleResult.Scheduled) s.schedule(vm, null, g, 0, null, inv)).host());
    }
    assertEquals(List.of("h2", "h3", "h1", "h2", "h3"), hosts);
    assertEquals(Map.of("h1", 1, "h2", 2, "h3", 2), l.groupPlacement("ns/g"));
  }

  @Test
  void softAffinityPrefersTheGroupsHostWhileItFits() {
    AffinityGroup g = Fixtures.group("g", AffinityPolicy.Affinity, null);
    HostScheduler s = new HostScheduler(new CapacityLedger());
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      VmInstance vm = Fixtures.vm("m" + i, 12, 1);
      vm.getSpec().affinityGroupRef = "g";
      hosts.add(((ScheduleResult.Scheduled) s.schedule(vm, null, g, 0, null, inv)).host());
    }
    // 40 vCPUs per host: three 12-vCPU VMs fit on h1, the fourth goes elsewhere (soft).
    assertEquals(List.of("h1", "h1", "h1", "h2"), hosts);
    assertEquals(3 * 12, s.ledger().usage("h1").cpu());
    assertEquals(3 * GIB, s.ledger().usage("h1").memoryBytes());
  }

  @Test
  void theChosenHostIsTheFirstRanked() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, AllocatorMode.Soft, null);
    Inventory m = Fixtures.withMetrics(inv, Map.of("h3", new HostMetrics(0.01, null)));
    VmInstance vm = Fixtures.vm("a", 1, 1);
    vm.getSpec().instanceOfferingRef = "o";
    vm.getSpec().cpu = null;
    vm.getSpec().memory = null;
    ScheduleResult r = new HostScheduler(new CapacityLedger()).schedule(vm, o, null, 0, null, m);
    assertEquals("h3", assertInstanceOf(ScheduleResult.Scheduled.class, r).host());
  }
}
