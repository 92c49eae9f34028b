package dev.kumo.reconcilers.scheduling;

import static dev.kumo.reconcilers.scheduling.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.HypervisorType;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per filter of the chain, through {@link HostScheduler}. */
class HostSchedulerFiltersTest {
  private final CapacityLedger ledger = new CapacityLedger();
  private final HostScheduler scheduler = new HostScheduler(ledger);
  private final Inventory inv = Fixtures.cloud(3);

  private ScheduleResult schedule(VmInstance vm) {
    return scheduler.schedule(vm, null, null, 0, null, inv);
  }

  private static ScheduleResult.Unschedulable unschedulable(ScheduleResult r) {
    return assertInstanceOf(ScheduleResult.Unschedulable.class, r);
  }

  private static Map<RejectReason, Integer> counts(ScheduleResult r) {
    return unschedulable(r).counts();
  }

  @Test
  void placesOnAHostAndReportsClusterZoneAndStorage() {
    ScheduleResult.Scheduled s =
        assertInstanceOf(ScheduleResult.Scheduled.class, schedule(Fixtures.vm("a", 2, 4, "l3a")));
    assertEquals("h1", s.host());
    assertEquals("c1", s.cluster());
    assertEquals("z1", s.zone());
    assertEquals("ps1", s.primaryStorage());
    assertEquals(3, s.feasibleHosts());
    assertEquals("Scheduled", s.reason());
    assertEquals("assigned to host h1 (3/3 hosts fit)", s.message());
    assertEquals(new CapacityLedger.HostUsage(2, 4 * GIB, 1), ledger.usage("h1"));
  }

  @Test
  void schedulingTheSameVmAgainReturnsItsReservation() {
    VmInstance vm = Fixtures.vm("a", 2, 4, "l3a");
    ScheduleResult.Scheduled first = assertInstanceOf(ScheduleResult.Scheduled.class, schedule(vm));
    ScheduleResult.Scheduled again = assertInstanceOf(ScheduleResult.Scheduled.class, schedule(vm));
    assertEquals(first.reservation(), again.reservation());
    assertEquals(1, ledger.size());
  }

  @Test
  void attachedL2Network() {
    inv.clusters().get("c1").getSpec().l2NetworkRefs = List.of("other");
    assertEquals(
        Map.of(RejectReason.L2NetworkNotAttached, 3),
        counts(schedule(Fixtures.vm("a", 1, 1, "l3a"))));
    ScheduleResult.Scheduled noNics =
        assertInstanceOf(ScheduleResult.Scheduled.class, schedule(Fixtures.vm("b", 1, 1)));
    assertEquals("h1", noNics.host(), "a VM without NICs needs no L2");
  }

  @Test
  void hostOfAMissingClusterIsRejected() {
    inv.hosts().get(0).getSpec().clusterRef = "gone";
    HostScheduler.Evaluation ev = scheduler.evaluate(req(Fixtures.vm("a", 1, 1)), inv);
    assertEquals(List.of("h2", "h3"), ev.ranked());
    assertEquals("h1", ev.rejections().get(0).host());
    assertEquals(List.of(RejectReason.ClusterNotFound), ev.rejections().get(0).reasons());
    assertEquals("2/3 hosts available: 1 cluster not found.", ev.message());
    assertEquals(0, ledger.size(), "evaluate reserves nothing");
  }

  @Test
  void designatedZoneClusterAndHost() {
    VmInstance vm = Fixtures.vm("a", 1, 1, "l3a");
    vm.getSpec().placement = new Placement();
    vm.getSpec().placement.hostRef = "h3";
    ScheduleResult.Scheduled s = assertInstanceOf(ScheduleResult.Scheduled.class, schedule(vm));
    assertEquals("h3", s.host());
    assertEquals(1, s.feasibleHosts());

    VmInstance z = Fixtures.vm("b", 1, 1, "l3a");
    z.getSpec().placement = new Placement();
    z.getSpec().placement.zoneRef = "z2";
    assertEquals(Map.of(RejectReason.NotInDesignatedZone, 3), counts(schedule(z)));

    VmInstance c = Fixtures.vm("c", 1, 1, "l3a");
    c.getSpec().placement = new Placement();
    c.getSpec().placement.zoneRef = "z1";
    c.getSpec().placement.clusterRef = "c9";
    assertEquals(Map.of(RejectReason.NotInDesignatedCluster, 3), counts(schedule(c)));
  }

  @Test
  void hostStateConnectionClusterAndZoneState() {
    inv.hosts().get(0).getSpec().state = MaintainableState.Disabled;
    inv.hosts().get(1).getSpec().state = MaintainableState.Maintenance;
    inv.hosts().get(2).getStatus().connection = ConnectionStatus.Disconnected;
    ScheduleResult r = schedule(Fixtures.vm("a", 1, 1, "l3a"));
    assertEquals(
        Map.of(
            RejectReason.HostDisabled, 1,
            RejectReason.HostInMaintenance, 1,
            RejectReason.HostNotConnected, 1),
        counts(r));
    assertEquals("NoCapacity", r.reason());

    inv.hosts().forEach(h -> h.getSpec().state = MaintainableState.Enabled);
    inv.hosts().get(2).getStatus().connection = ConnectionStatus.Connected;
    inv.clusters().get("c1").getSpec().state = AdminState.Disabled;
    assertEquals(Map.of(RejectReason.ClusterDisabled, 3), counts(schedule(Fixtures.vm("b", 1, 1))));
    inv.clusters().get("c1").getSpec().state = AdminState.Enabled;
    inv.zones().get("z1").getSpec().state = AdminState.Disabled;
    assertEquals(Map.of(RejectReason.ZoneDisabled, 3), counts(schedule(Fixtures.vm("c", 1, 1))));
  }

  @Test
  void hostWithoutStatusIsNotConnected() {
    inv.hosts().forEach(h -> h.setStatus(null));
    assertEquals(
        Map.of(RejectReason.HostNotConnected, 3), counts(schedule(Fixtures.vm("a", 1, 1))));
  }

  @Test
  void hypervisorType() {
    ScheduleResult r =
        scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 0, HypervisorType.Simulator, inv);
    assertEquals(Map.of(RejectReason.HypervisorMismatch, 3), counts(r));
    inv.clusters().get("c1").getSpec().hypervisorType = HypervisorType.Simulator;
    assertInstanceOf(
        ScheduleResult.Scheduled.class,
        scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 0, HypervisorType.Simulator, inv));
  }

  @Test
  void capacityCpuAndMemoryWithOvercommitAndReserve() {
    // 4 threads x 10 = 40 vCPUs; 16Gi - 1Gi reserve = 15Gi.
    assertEquals(
        Map.of(RejectReason.InsufficientCpu, 3), counts(schedule(Fixtures.vm("a", 41, 1))));
    assertEquals(
        Map.of(RejectReason.InsufficientMemory, 3), counts(schedule(Fixtures.vm("b", 1, 16))));
    assertEquals(
        Map.of(RejectReason.InsufficientCpu, 3, RejectReason.InsufficientMemory, 3),
        counts(schedule(Fixtures.vm("c", 41, 16))));
    ScheduleResult.Scheduled full =
        assertInstanceOf(ScheduleResult.Scheduled.class, schedule(Fixtures.vm("d", 40, 15)));
    assertEquals("h1", full.host());
    ScheduleResult.Scheduled next =
        assertInstanceOf(ScheduleResult.Scheduled.class, schedule(Fixtures.vm("e", 1, 1)));
    assertEquals("h2", next.host(), "h1 is full");
  }

  @Test
  void capacityAccountsForVmsAlreadyPlaced() {
    CapacityLedger rebuilt =
        CapacityLedger.rebuild(
            List.of(
                Fixtures.placed("x", "h1", VmState.Running, 40, 1),
                Fixtures.placed("y", "h2", VmState.Running, 1, 15),
                Fixtures.placed("z", "h3", VmState.Stopped, 40, 15)));
    ScheduleResult.Scheduled s =
        assertInstanceOf(
            ScheduleResult.Scheduled.class,
            new HostScheduler(rebuilt).schedule(Fixtures.vm("a", 1, 1), null, null, 0, null, inv));
    assertEquals("h3", s.host(), "stopped VMs hold no capacity");
  }

  @Test
  void hostWithoutFactsHasUnknownCapacity() {
    inv.hosts().forEach(h -> h.getStatus().facts = null);
    assertEquals(Map.of(RejectReason.CapacityUnknown, 3), counts(schedule(Fixtures.vm("a", 1, 1))));
  }

  @Test
  void primaryStorageAttachedEnabledConnectedWithSpace() {
    PrimaryStorage ps1 = inv.primaryStorages().get("ps1");
    // 1000Gi available: a 1001Gi root volume does not fit.
    ScheduleResult r =
        scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 1001 * GIB, null, inv);
    assertEquals(Map.of(RejectReason.InsufficientStorage, 3), counts(r));
    // 600Gi fits once; the second 600Gi must wait for the first to be bound.
    ScheduleResult.Scheduled s =
        assertInstanceOf(
            ScheduleResult.Scheduled.class,
            scheduler.schedule(Fixtures.vm("b", 1, 1), null, null, 600 * GIB, null, inv));
    assertEquals("ps1", s.primaryStorage());
    assertEquals(600 * GIB, ledger.pendingDiskBytes("ps1"));
    assertEquals(
        Map.of(RejectReason.InsufficientStorage, 3),
        counts(scheduler.schedule(Fixtures.vm("c", 1, 1), null, null, 600 * GIB, null, inv)));

    ps1.getStatus().connection = ConnectionStatus.Disconnected;
    assertEquals(
        Map.of(RejectReason.NoPrimaryStorage, 3), counts(schedule(Fixtures.vm("d", 1, 1))));
    ps1.getStatus().connection = ConnectionStatus.Connected;
    ps1.getSpec().state = MaintainableState.Maintenance;
    assertEquals(
        Map.of(RejectReason.NoPrimaryStorage, 3), counts(schedule(Fixtures.vm("e", 1, 1))));
    ps1.getSpec().state = MaintainableState.Enabled;
    inv.clusters().get("c1").getSpec().primaryStorageRefs = List.of();
    assertEquals(
        Map.of(RejectReason.NoPrimaryStorage, 3), counts(schedule(Fixtures.vm("f", 1, 1))));
  }

  @Test
  void primaryStoragePhysicalThresholdAndChoice() {
    PrimaryStorage ps1 = inv.primaryStorages().get("ps1");
    ps1.getStatus().capacity.totalPhysical = new Quantity("100Gi");
    ps1.getStatus().capacity.availablePhysical = new Quantity("20Gi");
    // 80Gi used + 11Gi > 90% of 100Gi.
    assertEquals(
        Map.of(RejectReason.InsufficientStorage, 3),
        counts(scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 11 * GIB, null, inv)));
    ScheduleResult.Scheduled s =
        assertInstanceOf(
            ScheduleResult.Scheduled.class,
            scheduler.schedule(Fixtures.vm("b", 1, 1), null, null, 10 * GIB, null, inv));
    assertEquals("ps1", s.primaryStorage());

    // Two attached storages: the one with more room is chosen; a designated one is honoured.
    inv.primaryStorages().put("ps2", Fixtures.ps("ps2", "z1", 5000));
    inv.clusters().get("c1").getSpec().primaryStorageRefs = List.of("ps1", "ps2");
    ScheduleResult.Scheduled roomy =
        assertInstanceOf(ScheduleResult.Scheduled.class, schedule(Fixtures.vm("c", 1, 1)));
    assertEquals("ps2", roomy.primaryStorage());
    VmInstance pinned = Fixtures.vm("d", 1, 1);
    pinned.getSpec().primaryStorageRef = "ps1";
    assertEquals("ps1", ((ScheduleResult.Scheduled) schedule(pinned)).primaryStorage());
    VmInstance elsewhere = Fixtures.vm("e", 1, 1);
    elsewhere.getSpec().primaryStorageRef = "ps9";
    assertEquals(Map.of(RejectReason.NoPrimaryStorage, 3), counts(schedule(elsewhere)));
  }

  @Test
  void hardAntiAffinitySpreadsAndFailsWhenHostsRunOut() {
    AffinityGroup g = Fixtures.group("g", AffinityPolicy.AntiAffinity, AllocatorMode.Hard);
    for (int i = 0; i < 3; i++) {
      VmInstance vm = Fixtures.vm("a" + i, 1, 1);
      vm.getSpec().affinityGroupRef = "g";
      assertEquals(
          "h" + (i + 1),
          ((ScheduleResult.Scheduled) scheduler.schedule(vm, null, g, 0, null, inv)).host());
    }
    VmInstance fourth = Fixtures.vm("a3", 1, 1);
    fourth.getSpec().affinityGroupRef = "g";
    ScheduleResult r = scheduler.schedule(fourth, null, g, 0, null, inv);
    assertEquals(Map.of(RejectReason.AntiAffinityConflict, 3), counts(r));
  }

  @Test
  void hardAffinityKeepsTheGroupTogether() {
    AffinityGroup g = Fixtures.group("g", AffinityPolicy.Affinity, AllocatorMode.Hard);
    // h1 gets another VM first so LeastVmPreferred alone would move away from it.
    VmInstance first = Fixtures.vm("a", 30, 1);
    first.getSpec().affinityGroupRef = "g";
    assertEquals(
        "h1", ((ScheduleResult.Scheduled) scheduler.schedule(first, null, g, 0, null, inv)).host());
    VmInstance second = Fixtures.vm("b", 5, 1);
    second.getSpec().affinityGroupRef = "g";
    assertEquals(
        "h1",
        ((ScheduleResult.Scheduled) scheduler.schedule(second, null, g, 0, null, inv)).host());
    VmInstance third = Fixtures.vm("c", 10, 1);
    third.getSpec().affinityGroupRef = "g";
    ScheduleResult r = scheduler.schedule(third, null, g, 0, null, inv);
    assertEquals(
        Map.of(RejectReason.InsufficientCpu, 1, RejectReason.AffinityConflict, 2), counts(r));
  }

  @Test
  void maxInstancePerHost() {
    InstanceOffering o =
        Fixtures.offering("small", 1, 1, AllocatorStrategy.MaxInstancePerHost, null, 2);
    for (int i = 0; i < 6; i++) {
      VmInstance vm = Fixtures.vm("v" + i, 1, 1);
      vm.getSpec().cpu = null;
      vm.getSpec().memory = null;
      vm.getSpec().instanceOfferingRef = "small";
      assertInstanceOf(
          ScheduleResult.Scheduled.class, scheduler.schedule(vm, o, null, 0, null, inv));
    }
    VmInstance seventh = Fixtures.vm("v6", 1, 1);
    seventh.getSpec().instanceOfferingRef = "small";
    seventh.getSpec().cpu = null;
    seventh.getSpec().memory = null;
    ScheduleResult r = scheduler.schedule(seventh, o, null, 0, null, inv);
    assertEquals(Map.of(RejectReason.MaxInstancesReached, 3), counts(r));
    assertEquals("0/3 hosts available: 3 max instances per host reached.", r.message());
  }

  @Test
  void hardUsageStrategyNeedsData() {
    InstanceOffering o =
        Fixtures.offering("o", 1, 1, AllocatorStrategy.MinimumCPUUsage, AllocatorMode.Hard, null);
    VmInstance vm = Fixtures.vm("a", 1, 1);
    vm.getSpec().cpu = null;
    vm.getSpec().memory = null;
    vm.getSpec().instanceOfferingRef = "o";
    assertEquals(
        Map.of(RejectReason.NoUsageData, 3), counts(scheduler.schedule(vm, o, null, 0, null, inv)));
    Inventory withData = Fixtures.withMetrics(inv, Map.of("h2", new HostMetrics(0.5, null)));
    ScheduleResult.Scheduled s =
        assertInstanceOf(
            ScheduleResult.Scheduled.class, scheduler.schedule(vm, o, null, 0, null, withData));
    assertEquals("h2", s.host());
  }

  @Test
  void filtersRunInZstackOrderAndTheFirstRejectionCounts() {
    // Disabled and short of memory: HostStateAndHypervisor runs before HostCapacity.
    inv.hosts().get(0).getSpec().state = MaintainableState.Disabled;
    ScheduleResult r = schedule(Fixtures.vm("a", 1, 100));
    assertEquals(
        Map.of(RejectReason.HostDisabled, 1, RejectReason.InsufficientMemory, 2), counts(r));
    assertEquals("0/3 hosts available: 2 insufficient memory, 1 disabled.", r.message());
    List<String> order = HostFilters.CHAIN.stream().map(HostFilter::name).toList();
    assertEquals(
        List.of(
            "AttachedL2Network",
            "DesignatedHost",
            "HostStateAndHypervisor",
            "HostCapacity",
            "HostPrimaryStorage",
            "AffinityGroup",
            "MaxInstancePerHost",
            "UsageData"),
        order);
    Rejection first = unschedulable(r).rejections().get(0);
    assertEquals("h1", first.host());
    assertEquals("HostStateAndHypervisor", first.filter());
    assertTrue(unschedulable(r).rejections().get(1).detail().contains("wants cpu 1"));
  }

  private SchedulingRequest req(VmInstance vm) {
    return SchedulingRequest.of(vm, null, null, inv.l3Networks(), 0, null);
  }
}
