package dev.kumo.reconcilers.scheduling;

import static dev.kumo.reconcilers.scheduling.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.VmState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityLedgerTest {
  private static final Allocatable LIMIT = new Allocatable(4, 8 * GIB);

  private static CapacityLedger.Claim claim(String vm, String host, int cpu, long mem) {
    return new CapacityLedger.Claim(
        vm, host, cpu, mem, LIMIT, null, null, null, false, null, 0, null);
  }

  @Test
  void reserveTakesCapacityAndReleaseGivesItBack() {
    CapacityLedger l = new CapacityLedger();
    Reservation r = l.tryReserve(claim("ns/a", "h1", 3, 6 * GIB)).orElseThrow();
    assertEquals("h1", r.host());
    assertEquals(new CapacityLedger.HostUsage(3, 6 * GIB, 1), l.usage("h1"));
    assertTrue(l.tryReserve(claim("ns/b", "h1", 2, GIB)).isEmpty(), "cpu 3+2 > 4");
    assertTrue(l.tryReserve(claim("ns/b", "h1", 1, 3 * GIB)).isEmpty(), "memory 6+3 > 8");
    assertTrue(l.tryReserve(claim("ns/b", "h1", 1, 2 * GIB)).isPresent(), "exactly full fits");
    assertEquals(
        List.of(RejectReason.InsufficientCpu, RejectReason.InsufficientMemory),
        l.check(claim("ns/c", "h1", 1, 1)));
    assertEquals(r, l.release("ns/a").orElseThrow());
    assertEquals(new CapacityLedger.HostUsage(1, 2 * GIB, 1), l.usage("h1"));
    assertTrue(l.release("ns/a").isEmpty(), "second release is a no-op");
    l.release("ns/b");
    assertEquals(Map.of(), l.usageByHost());
    assertEquals(CapacityLedger.HostUsage.NONE, l.usage("h1"));
  }

  @Test
  void reserveIsIdempotentPerVm() {
    CapacityLedger l = new CapacityLedger();
    Reservation first = l.tryReserve(claim("ns/a", "h1", 1, GIB)).orElseThrow();
    Reservation again = l.tryReserve(claim("ns/a", "h2", 1, GIB)).orElseThrow();
    assertEquals(first, again);
    assertEquals(1, l.size());
    assertEquals(1, l.usage("h1").vms());
  }

  @Test
  void maxVmsAndHardAffinityAreRecheckedAtomically() {
    CapacityLedger l = new CapacityLedger();
    CapacityLedger.Claim anti1 =
        new CapacityLedger.Claim(
            "ns/a",
            "h1",
            1,
            GIB,
            LIMIT,
            2,
            "ns/g",
            AffinityPolicy.AntiAffinity,
            true,
            null,
            0,
            null);
    assertTrue(l.tryReserve(anti1).isPresent());
    CapacityLedger.Claim anti2 =
        new CapacityLedger.Claim(
            "ns/b",
            "h1",
            1,
            GIB,
            LIMIT,
            2,
            "ns/g",
            AffinityPolicy.AntiAffinity,
            true,
            null,
            0,
            null);
    assertEquals(List.of(RejectReason.AntiAffinityConflict), l.check(anti2));
    CapacityLedger.Claim aff =
        new CapacityLedger.Claim(
            "ns/c", "h2", 1, GIB, LIMIT, 2, "ns/g", AffinityPolicy.Affinity, true, null, 0, null);
    assertEquals(List.of(RejectReason.AffinityConflict), l.check(aff));
    assertTrue(l.tryReserve(claim("ns/d", "h1", 1, GIB)).isPresent());
    CapacityLedger.Claim third =
        new CapacityLedger.Claim("ns/e", "h1", 1, GIB, LIMIT, 2, null, null, false, null, 0, null);
    assertEquals(List.of(RejectReason.MaxInstancesReached), l.check(third));
    assertEquals(Map.of("h1", 1), l.groupPlacement("ns/g"));
    l.release("ns/a");
    assertEquals(Map.of(), l.groupPlacement("ns/g"));
  }

  @Test
  void rootDiskIsHeldUntilBound() {
    CapacityLedger l = new CapacityLedger();
    CapacityLedger.Claim c =
        new CapacityLedger.Claim(
            "ns/a", "h1", 1, GIB, LIMIT, null, null, null, false, "ps1", 40 * GIB, 50 * GIB);
    assertTrue(l.tryReserve(c).isPresent());
    assertEquals(40 * GIB, l.pendingDiskBytes("ps1"));
    CapacityLedger.Claim c2 =
        new CapacityLedger.Claim(
            "ns/b", "h2", 1, GIB, LIMIT, null, null, null, false, "ps1", 20 * GIB, 50 * GIB);
    assertEquals(List.of(RejectReason.InsufficientStorage), l.check(c2));
    assertTrue(l.bind("ns/a"));
    assertFalse(l.bind("ns/a"), "binding twice changes nothing");
    assertTrue(l.isBound("ns/a"));
    assertEquals(0, l.pendingDiskBytes("ps1"));
    assertTrue(l.tryReserve(c2).isPresent());
    l.release("ns/b");
    assertEquals(0, l.pendingDiskBytes("ps1"), "release of an unbound reservation frees disk");
    l.release("ns/a");
    assertEquals(0, l.pendingDiskBytes("ps1"), "release of a bound one does not go negative");
    assertFalse(l.bind("ns/missing"));
  }

  @Test
  void rebuildCountsVmsThatHoldCapacity() {
    var running = Fixtures.placed("a", "h1", VmState.Running, 2, 4);
    var starting = Fixtures.placed("b", "h1", VmState.Starting, 1, 1);
    var paused = Fixtures.placed("c", "h2", VmState.Paused, 4, 8);
    var stopped = Fixtures.placed("d", "h1", VmState.Stopped, 8, 8);
    var destroyed = Fixtures.placed("e", "h1", VmState.Destroyed, 8, 8);
    var unplaced = Fixtures.placed("f", null, VmState.Created, 8, 8);
    var specOnly = Fixtures.placed("g", "h2", VmState.Running, 2, 2);
    specOnly.getStatus().cpu = null;
    specOnly.getStatus().memory = null;
    running.getSpec().affinityGroupRef = "grp";
    CapacityLedger l =
        CapacityLedger.rebuild(
            java.util.Arrays.asList(
                running, starting, paused, stopped, destroyed, unplaced, specOnly, null));
    assertEquals(new CapacityLedger.HostUsage(3, 5 * GIB, 2), l.usage("h1"));
    assertEquals(new CapacityLedger.HostUsage(6, 10 * GIB, 2), l.usage("h2"));
    assertEquals(4, l.size());
    assertTrue(l.isBound("ns/a"));
    assertEquals(Map.of("h1", 1), l.groupPlacement("ns/grp"));
    assertEquals(0, CapacityLedger.rebuild(null).size());
  }

  @Test
  void rebuildMatchesTheLedgerThatMadeTheDecisions() {
    CapacityLedger live = new CapacityLedger();
    live.tryReserve(claim("ns/a", "h1", 2, 4 * GIB));
    live.tryReserve(claim("ns/b", "h2", 1, GIB));
    var a = Fixtures.placed("a", "h1", VmState.Running, 2, 4);
    var b = Fixtures.placed("b", "h2", VmState.Starting, 1, 1);
    assertEquals(live.usageByHost(), CapacityLedger.rebuild(List.of(a, b)).usageByHost());
  }

  @Test
  void recordReplacesAnEarlierEntryOfTheSameVm() {
    CapacityLedger l = new CapacityLedger();
    l.record(new Reservation("ns/a", "h1", 2, GIB, null, null, 0));
    l.record(new Reservation("ns/a", "h2", 2, GIB, null, null, 0));
    assertEquals(CapacityLedger.HostUsage.NONE, l.usage("h1"));
    assertEquals(1, l.usage("h2").vms());
  }
}
