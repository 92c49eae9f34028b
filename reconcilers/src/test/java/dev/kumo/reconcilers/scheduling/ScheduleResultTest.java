package dev.kumo.reconcilers.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregated message and invalid input. */
class ScheduleResultTest {
  private final HostScheduler scheduler = new HostScheduler(new CapacityLedger());
  private final Inventory inv = Fixtures.cloud(3);

  private static Rejection rej(String host, RejectReason... reasons) {
    return new Rejection(host, "f", List.of(reasons), "");
  }

  @Test
  void messageCountsReasonsLikeKubeScheduler() {
    String m =
        ScheduleResult.summary(
            0,
            3,
            List.of(
                rej("h1", RejectReason.InsufficientMemory),
                rej("h2", RejectReason.HostDisabled),
                rej("h3", RejectReason.InsufficientMemory)));
    assertEquals("0/3 hosts available: 2 insufficient memory, 1 disabled.", m);
  }

  @Test
  void messageOrdersEqualCountsAlphabeticallyAndCountsBothCapacityReasons() {
    String m =
        ScheduleResult.summary(
            1,
            4,
            List.of(
                rej("h1", RejectReason.InsufficientMemory, RejectReason.InsufficientCpu),
                rej("h2", RejectReason.NotDesignatedHost),
                rej("h3", RejectReason.InsufficientCpu)));
    assertEquals(
        "1/4 hosts available: 2 insufficient cpu, 1 insufficient memory, 1 not the designated host.",
        m);
  }

  @Test
  void messageForNoHostsAndForNoRejections() {
    assertEquals("0/0 hosts available: no hosts.", ScheduleResult.summary(0, 0, List.of()));
    assertEquals("2/2 hosts available.", ScheduleResult.summary(2, 2, List.of()));
  }

  @Test
  void emptyCloudIsUnschedulable() {
    Inventory empty = new Inventory(null, null, null, null, null, null, null);
    ScheduleResult r = scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 0, null, empty);
    ScheduleResult.Unschedulable u = assertInstanceOf(ScheduleResult.Unschedulable.class, r);
    assertEquals("NoCapacity", u.reason());
    assertEquals("0/0 hosts available: no hosts.", u.message());
    assertEquals(Map.of(), u.counts());
  }

  @Test
  void hostsWithoutNamesAreIgnoredNotACrash() {
    var nameless = Fixtures.host("x", "c1", 4, 16);
    nameless.getMetadata().setName(null);
    List<dev.kumo.api.infra.v1alpha1.Host> hosts = new java.util.ArrayList<>(inv.hosts());
    hosts.add(nameless);
    hosts.add(null);
    Inventory withJunk =
        new Inventory(
            inv.zones(),
            inv.clusters(),
            hosts,
            inv.primaryStorages(),
            inv.l3Networks(),
            null,
            null);
    assertInstanceOf(
        ScheduleResult.Scheduled.class,
        scheduler.schedule(Fixtures.vm("a", 1, 1), null, null, 0, null, withJunk));
  }

  private void assertInvalid(ScheduleResult r, String text) {
    ScheduleResult.Unschedulable u = assertInstanceOf(ScheduleResult.Unschedulable.class, r);
    assertEquals("InvalidSpec", u.reason());
    assertTrue(u.message().contains(text), u.message());
    assertEquals(0, scheduler.ledger().size());
  }

  @Test
  void invalidInputGetsAClearReason() {
    assertInvalid(scheduler.schedule(null, null, null, 0, null, inv), "no name");
    VmInstance noSpec = Fixtures.vm("a", 1, 1);
    noSpec.setSpec(null);
    assertInvalid(scheduler.schedule(noSpec, null, null, 0, null, inv), "no spec");

    VmInstance offering = Fixtures.vm("b", 1, 1);
    offering.getSpec().instanceOfferingRef = "big";
    assertInvalid(
        scheduler.schedule(offering, null, null, 0, null, inv), "InstanceOffering big not found");

    var maxWithoutLimit =
        Fixtures.offering("m", 1, 1, AllocatorStrategy.MaxInstancePerHost, null, null);
    assertInvalid(
        scheduler.schedule(offering, maxWithoutLimit, null, 0, null, inv), "maxInstancePerHost");

    VmInstance noL3 = Fixtures.vm("c", 1, 1, "missing");
    assertInvalid(
        scheduler.schedule(noL3, null, null, 0, null, inv), "L3Network missing not found");

    VmInstance noGroup = Fixtures.vm("d", 1, 1);
    noGroup.getSpec().affinityGroupRef = "g";
    assertInvalid(
        scheduler.schedule(noGroup, null, null, 0, null, inv), "AffinityGroup g not found");

    VmInstance noCpu = Fixtures.vm("e", 1, 1);
    noCpu.getSpec().cpu = null;
    assertInvalid(scheduler.schedule(noCpu, null, null, 0, null, inv), "vCPU");

    VmInstance zeroMem = Fixtures.vm("f", 1, 1);
    zeroMem.getSpec().memory = new Quantity("0");
    assertInvalid(scheduler.schedule(zeroMem, null, null, 0, null, inv), "memory");

    VmInstance badMem = Fixtures.vm("g", 1, 1);
    badMem.getSpec().memory = new Quantity("lots");
    assertInvalid(scheduler.schedule(badMem, null, null, 0, null, inv), "memory");

    assertInvalid(
        scheduler.schedule(Fixtures.vm("h", 1, 1), null, null, -1, null, inv), "root disk");

    VmInstance nicWithoutL3 = Fixtures.vm("i", 1, 1);
    nicWithoutL3.getSpec().nics.add(new dev.kumo.api.compute.v1alpha1.NicSpec());
    assertInvalid(scheduler.schedule(nicWithoutL3, null, null, 0, null, inv), "no l3NetworkRef");
  }

  @Test
  void offeringSizeAndStrategyWinOverTheSpec() {
    VmInstance vm = Fixtures.vm("a", 1, 1);
    vm.getSpec().instanceOfferingRef = "o";
    var o = Fixtures.offering("o", 8, 4, null, null, 7);
    SchedulingRequest r = SchedulingRequest.of(vm, o, null, inv.l3Networks(), 0, null);
    assertEquals(8, r.cpu());
    assertEquals(4 * Fixtures.GIB, r.memoryBytes());
    assertEquals(AllocatorStrategy.LeastVmPreferred, r.strategy());
    assertEquals(null, r.maxInstancePerHost(), "only MaxInstancePerHost uses the limit");
    assertEquals("ns/a", r.vmKey());
    VmInstanceSpec spec = vm.getSpec();
    assertEquals("o", spec.instanceOfferingRef);
  }
}
