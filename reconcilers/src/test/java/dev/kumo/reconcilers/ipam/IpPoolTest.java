package dev.kumo.reconcilers.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.network.v1alpha1.IpAllocationStrategy;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.L3NetworkCategory;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.api.network.v1alpha1.ReservedRange;
import dev.kumo.reconcilers.ipam.IpDecision.Allocated;
import dev.kumo.reconcilers.ipam.IpDecision.Reason;
import dev.kumo.reconcilers.ipam.IpDecision.Refused;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class IpPoolTest {
  private static final IpAllocationStrategy FIRST = IpAllocationStrategy.FirstAvailable;
  private static final IpAllocationStrategy ASC = IpAllocationStrategy.AscendingDelayRecycle;
  private static final IpAllocationStrategy RANDOM = IpAllocationStrategy.Random;

  static IpRange range(String start, String end, int prefix, String gateway) {
    IpRange r = new IpRange();
    r.startIp = start;
    r.endIp = end;
    r.prefixLength = prefix;
    r.gateway = gateway;
    return r;
  }

  static L3NetworkSpec spec(IpRange... ranges) {
    L3NetworkSpec s = new L3NetworkSpec();
    s.l2NetworkRef = "l2";
    s.category = L3NetworkCategory.Private;
    s.ipRanges = new ArrayList<>(Arrays.asList(ranges));
    return s;
  }

  static ReservedRange reserved(String start, String end) {
    ReservedRange r = new ReservedRange();
    r.startIp = start;
    r.endIp = end;
    return r;
  }

  static IpPool pool(L3NetworkSpec spec, String... taken) {
    return IpPool.of("net", spec, IpRangeType.Normal, List.of(taken));
  }

  static String ip(IpDecision d) {
    return assertInstanceOf(Allocated.class, d, () -> "expected an address, got " + d).ip();
  }

  static Refused refused(IpDecision d, Reason reason) {
    Refused r = assertInstanceOf(Refused.class, d, () -> "expected a refusal, got " + d);
    assertEquals(reason, r.reason(), r.message());
    return r;
  }

  /** Allocate with the strategy, mark taken, repeat; returns the addresses in order. */
  static List<String> drain(IpPool pool, IpAllocationStrategy s, RandomGenerator rnd, int max) {
    List<String> out = new ArrayList<>();
    String last = null;
    for (int i = 0; i < max; i++) {
      IpDecision d = pool.next(s, last, rnd);
      if (!d.allocated()) {
        break;
      }
      Allocated a = (Allocated) d;
      assertTrue(pool.markTaken(a.address()));
      out.add(a.ip());
      last = a.ip();
    }
    return out;
  }

  @Test
  void firstAvailableTakesLowestFreeAddress() {
    IpPool p =
        pool(spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")), "10.0.0.10", "10.0.0.12");
    assertEquals("10.0.0.11", ip(p.next(FIRST, null, null)));
    p.markTaken(Ipv4.parse("10.0.0.11"));
    assertEquals("10.0.0.13", ip(p.next(FIRST, null, null)));
  }

  @Test
  void firstAvailableReusesReleasedAddressAtOnce() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")));
    assertEquals(List.of("10.0.0.10", "10.0.0.11", "10.0.0.12"), drain(p, FIRST, null, 3));
    assertTrue(p.release(Ipv4.parse("10.0.0.10")));
    assertEquals("10.0.0.10", ip(p.next(FIRST, null, null)));
  }

  @Test
  void ascendingContinuesAfterCursorAndDoesNotReuseReleasedAddress() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")));
    assertEquals(List.of("10.0.0.10", "10.0.0.11", "10.0.0.12"), drain(p, ASC, null, 3));
    p.release(Ipv4.parse("10.0.0.10"));
    // the cursor is at .12: the released .10 waits until the range wraps
    assertEquals("10.0.0.13", ip(p.next(ASC, "10.0.0.12", null)));
  }

  @Test
  void ascendingWithoutCursorStartsAtLowestFreeAddress() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")), "10.0.0.10");
    assertEquals("10.0.0.11", ip(p.next(ASC, null, null)));
    assertEquals("10.0.0.11", ip(p.next(ASC, "garbage", null)));
  }

  @Test
  void ascendingWrapsAroundToReleasedAddresses() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.14", 24, "10.0.0.1")));
    assertEquals(5, drain(p, ASC, null, 100).size());
    p.release(Ipv4.parse("10.0.0.12"));
    p.release(Ipv4.parse("10.0.0.11"));
    // cursor at the end of the range: wrap to the lowest free address
    assertEquals("10.0.0.11", ip(p.next(ASC, "10.0.0.14", null)));
    // cursor in the middle: the next free one above it, not the lower one
    assertEquals("10.0.0.12", ip(p.next(ASC, "10.0.0.11", null)));
  }

  @Test
  void ascendingSkipsTakenAddressesAfterCursor() {
    IpPool p =
        pool(
            spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")),
            "10.0.0.13",
            "10.0.0.14",
            "10.0.0.15");
    assertEquals("10.0.0.16", ip(p.next(ASC, "10.0.0.12", null)));
  }

  @Test
  void ascendingCursorOutsideRangesMovesToNextRange() {
    IpPool p =
        pool(
            spec(
                range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"),
                range("10.0.0.100", "10.0.0.110", 24, "10.0.0.1")));
    assertEquals("10.0.0.100", ip(p.next(ASC, "10.0.0.50", null)));
    assertEquals("10.0.0.10", ip(p.next(ASC, "10.0.0.200", null)));
  }

  @Test
  void randomStaysInsideRangesAndAvoidsTakenAddresses() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.19", 24, "10.0.0.1")), "10.0.0.15");
    RandomGenerator rnd = new SplittableRandom(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      Allocated a = assertInstanceOf(Allocated.class, p.next(RANDOM, null, rnd));
      assertTrue(a.address() >= Ipv4.parse("10.0.0.10") && a.address() <= Ipv4.parse("10.0.0.19"));
      assertNotEquals("10.0.0.15", a.ip());
      seen.add(a.ip());
    }
    assertEquals(9, seen.size(), "every free address is eventually picked: " + seen);
  }

  @Test
  void randomWrapsWhenTheTailIsTaken() {
    IpPool p =
        pool(
            spec(range("10.0.0.10", "10.0.0.13", 24, "10.0.0.1")),
            "10.0.0.11",
            "10.0.0.12",
            "10.0.0.13");
    RandomGenerator rnd = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      assertEquals("10.0.0.10", ip(p.next(RANDOM, null, rnd)));
    }
  }

  @Test
  void nullStrategyIsRandomAsZstackDefault() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.200", 24, "10.0.0.1")));
    RandomGenerator rnd = new SplittableRandom(3);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seen.add(ip(p.next(null, null, rnd)));
    }
    assertTrue(seen.size() > 1, "random picks differ: " + seen);
  }

  @Test
  void everyStrategyDrainsTheRangeExactlyOnceThenReportsExhaustion() {
    for (IpAllocationStrategy s : IpAllocationStrategy.values()) {
      IpPool p = pool(spec(range("10.0.0.2", "10.0.0.254", 24, "10.0.0.1")));
      List<String> got = drain(p, s, new SplittableRandom(11), 1000);
      assertEquals(253, got.size(), s.toString());
      assertEquals(253, new HashSet<>(got).size(), s + " handed out a duplicate");
      assertFalse(got.contains("10.0.0.1"), s + " handed out the gateway");
      assertEquals(0, p.free());
      Refused r =
          refused(p.next(s, got.get(got.size() - 1), new SplittableRandom(1)), Reason.EXHAUSTED);
      assertTrue(r.message().contains("net"), r.message());
    }
  }

  @Test
  void gatewayIsNeverHandedOutEvenInsideAnAddressPool() {
    // AddressPool ranges relax the gateway rule; the planner still never hands the gateway out
    IpRange poolRange = range("192.168.0.1", "192.168.0.4", 24, "192.168.0.2");
    poolRange.type = IpRangeType.AddressPool;
    L3NetworkSpec s = spec(poolRange);
    s.category = L3NetworkCategory.Public;
    IpPool p = IpPool.of("pub", s, IpRangeType.AddressPool, List.of());
    assertEquals(3, p.total());
    assertEquals(List.of("192.168.0.1", "192.168.0.3", "192.168.0.4"), drain(p, FIRST, null, 10));
    refused(p.requestStatic("192.168.0.2"), Reason.GATEWAY);
  }

  @Test
  void multipleRangesAreWalkedInAddressOrder() {
    IpPool p =
        pool(
            spec(
                range("10.0.0.200", "10.0.0.201", 24, "10.0.0.1"),
                range("10.0.0.10", "10.0.0.11", 24, "10.0.0.1")));
    assertEquals(4, p.total());
    List<String> got = drain(p, FIRST, null, 10);
    assertEquals(List.of("10.0.0.10", "10.0.0.11", "10.0.0.200", "10.0.0.201"), got);
  }

  @Test
  void allocationNamesTheRangeItCameFrom() {
    IpRange low = range("10.0.0.10", "10.0.0.10", 24, "10.0.0.1");
    IpRange high = range("10.0.0.200", "10.0.0.201", 24, "10.0.0.1");
    IpPool p = pool(spec(high, low), "10.0.0.10");
    Allocated a = assertInstanceOf(Allocated.class, p.next(FIRST, null, null));
    assertEquals("10.0.0.200", a.ip());
    assertSame(high, a.range());
  }

  @Test
  void overlappingRangesAreCountedOnce() {
    IpPool p =
        pool(
            spec(
                range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"),
                range("10.0.0.15", "10.0.0.25", 24, "10.0.0.1")));
    assertEquals(16, p.total());
    assertEquals(16, drain(p, FIRST, null, 100).size());
  }

  @Test
  void reservedRangesAreNeverHandedOut() {
    L3NetworkSpec s = spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"));
    s.reservedRanges =
        List.of(reserved("10.0.0.10", "10.0.0.12"), reserved("10.0.0.20", "10.0.0.30"));
    IpPool p = pool(s);
    assertEquals(7, p.total());
    List<String> got = drain(p, FIRST, null, 100);
    assertEquals("10.0.0.13", got.get(0));
    assertEquals("10.0.0.19", got.get(got.size() - 1));
    assertEquals(7, got.size());
    refused(p.requestStatic("10.0.0.11"), Reason.RESERVED);
  }

  @Test
  void onlyRangesOfTheRequestedTypeAreUsed() {
    IpRange normal = range("10.0.0.10", "10.0.0.10", 24, "10.0.0.1");
    IpRange addressPool = range("172.16.0.10", "172.16.0.19", 24, null);
    addressPool.type = IpRangeType.AddressPool;
    L3NetworkSpec s = spec(normal, addressPool);
    s.category = L3NetworkCategory.Public;
    assertEquals(
        "10.0.0.10",
        ip(IpPool.of("pub", s, IpRangeType.Normal, List.of()).next(FIRST, null, null)));
    assertEquals(
        "172.16.0.10",
        ip(IpPool.of("pub", s, IpRangeType.AddressPool, List.of()).next(FIRST, null, null)));
    refused(
        IpPool.of("pub", s, IpRangeType.Normal, List.of("10.0.0.10")).next(FIRST, null, null),
        Reason.EXHAUSTED);
    refused(
        IpPool.of("pub", s, IpRangeType.Normal, List.of()).requestStatic("172.16.0.11"),
        Reason.OUT_OF_RANGE);
    assertEquals(11, IpPool.of("pub", s, null, List.of()).total());
  }

  @Test
  void noRangesIsItsOwnRefusal() {
    refused(pool(spec()).next(FIRST, null, null), Reason.NO_RANGES);
    L3NetworkSpec noList = new L3NetworkSpec();
    refused(
        IpPool.of("x", noList, null, null).next(RANDOM, null, new SplittableRandom(1)),
        Reason.NO_RANGES);
    refused(IpPool.of("x", null, null, null).requestStatic("10.0.0.1"), Reason.OUT_OF_RANGE);
    assertEquals(0, IpPool.of("x", null, null, null).total());
  }

  @Test
  void staticAddressInsideRangeAndFreeIsGranted() {
    IpRange r = range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1");
    Allocated a =
        assertInstanceOf(Allocated.class, pool(spec(r), "10.0.0.11").requestStatic("10.0.0.12"));
    assertEquals("10.0.0.12", a.ip());
    assertSame(r, a.range());
  }

  @Test
  void staticRefusalsEachHaveTheirReason() {
    IpPool p = pool(spec(range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1")), "10.0.0.15");
    Refused taken = refused(p.requestStatic("10.0.0.15"), Reason.TAKEN);
    assertTrue(taken.message().contains("10.0.0.15") && taken.message().contains("net"));
    refused(p.requestStatic("10.0.0.1"), Reason.GATEWAY);
    refused(p.requestStatic("10.0.0.9"), Reason.OUT_OF_RANGE);
    refused(p.requestStatic("10.0.0.21"), Reason.OUT_OF_RANGE);
    refused(p.requestStatic("10.0.1.10"), Reason.OUT_OF_RANGE);
    for (String bad :
        new String[] {
          null,
          "",
          "10.0.0",
          "10.0.0.256",
          "010.0.0.1",
          "a.b.c.d",
          " 10.0.0.12",
          "10.0.0.12.1",
          "-1.0.0.1"
        }) {
      refused(p.requestStatic(bad), Reason.INVALID_ADDRESS);
    }
  }

  @Test
  void networkAndBroadcastAddressesAreRefusedEvenInAnInvalidRange() {
    // the CRD rules forbid such a range; if one slips through, the planner still refuses them
    IpPool p = pool(spec(range("10.0.0.0", "10.0.0.255", 24, "10.0.1.1")));
    refused(p.requestStatic("10.0.0.0"), Reason.NETWORK_ADDRESS);
    refused(p.requestStatic("10.0.0.255"), Reason.BROADCAST_ADDRESS);
    assertEquals(254, p.total());
    List<String> got = drain(p, FIRST, null, 1000);
    assertEquals("10.0.0.1", got.get(0));
    assertEquals("10.0.0.254", got.get(got.size() - 1));
  }

  @Test
  void netmaskWorksLikePrefixLength() {
    IpRange r = range("10.0.0.0", "10.0.0.3", 24, "10.0.0.9");
    r.prefixLength = null;
    r.netmask = "255.255.255.252";
    IpPool p = pool(spec(r));
    assertEquals(2, p.total());
    assertEquals(List.of("10.0.0.1", "10.0.0.2"), drain(p, FIRST, null, 10));
  }

  @Test
  void malformedEntriesAreIgnoredWithAProblemNotACrash() {
    L3NetworkSpec s =
        spec(
            range("10.0.0.20", "10.0.0.10", 24, "10.0.0.1"),
            range("nope", "10.0.0.10", 24, "10.0.0.1"),
            range("10.0.1.10", "10.0.1.11", 24, "bad-gw"),
            null);
    s.reservedRanges = List.of(reserved("10.0.1.11", "10.0.1.10"));
    IpPool p = pool(s);
    assertEquals(2, p.total());
    assertEquals(4, p.problems().size(), p.problems().toString());
    assertEquals("10.0.1.10", ip(p.next(FIRST, null, null)));
  }

  @Test
  void markTakenAndReleaseKeepCountsRight() {
    IpPool p =
        pool(
            spec(range("10.0.0.10", "10.0.0.19", 24, "10.0.0.1")),
            "10.0.0.12",
            "10.0.0.12",
            "9.9.9.9",
            "junk");
    assertEquals(10, p.total());
    assertEquals(2, p.used());
    assertEquals(9, p.free());
    assertFalse(p.markTaken(Ipv4.parse("10.0.0.12")));
    assertTrue(p.markTaken(Ipv4.parse("10.0.0.11")));
    assertTrue(p.markTaken(Ipv4.parse("10.0.0.13")));
    assertTrue(p.isTaken(Ipv4.parse("10.0.0.13")));
    assertEquals(7, p.free());
    assertTrue(p.release(Ipv4.parse("10.0.0.12")));
    assertFalse(p.release(Ipv4.parse("10.0.0.12")));
    assertFalse(p.isTaken(Ipv4.parse("10.0.0.12")));
    assertTrue(p.isTaken(Ipv4.parse("10.0.0.11")));
    assertTrue(p.isTaken(Ipv4.parse("10.0.0.13")));
    assertEquals("10.0.0.10", ip(p.next(FIRST, null, null)));
    assertEquals("10.0.0.12", ip(p.next(ASC, "10.0.0.10", null)));
    assertTrue(p.release(Ipv4.parse("9.9.9.9")));
    assertEquals(2, p.used());
    assertEquals(8, p.free());
  }

  @Test
  void slash16AllocatesTenThousandAddressesQuickly() {
    for (IpAllocationStrategy s : IpAllocationStrategy.values()) {
      IpPool p = pool(spec(range("10.1.0.2", "10.1.255.254", 16, "10.1.0.1")));
      assertEquals(65533, p.total());
      long started = System.nanoTime();
      List<String> got = drain(p, s, new SplittableRandom(5), 10_000);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(10_000, got.size());
      assertEquals(10_000, new HashSet<>(got).size());
      assertEquals(65533 - 10_000, p.free());
      assertTrue(millis < 500, s + " took " + millis + " ms for 10,000 allocations");
    }
  }

  @Test
  void slash16BuiltFromTenThousandTakenAddressesQuickly() {
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      taken.add(Ipv4.format(Ipv4.parse("10.1.0.2") + i * 3L));
    }
    long started = System.nanoTime();
    for (int round = 0; round < 20; round++) {
      IpPool p =
          pool(
              spec(range("10.1.0.2", "10.1.255.254", 16, "10.1.0.1")),
              taken.toArray(String[]::new));
      assertEquals("10.1.0.3", ip(p.next(FIRST, null, null)));
      assertEquals(65533 - 10_000, p.free());
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis < 2000, "20 rebuilds took " + millis + " ms");
  }

  @Test
  void wholeSlash8IsArithmeticNotAList() {
    IpPool p = pool(spec(range("10.0.0.2", "10.255.255.254", 8, "10.0.0.1")), "10.0.0.2");
    assertEquals((1L << 24) - 3, p.total());
    assertEquals((1L << 24) - 4, p.free());
    assertEquals("10.0.0.3", ip(p.next(FIRST, null, null)));
    assertEquals("10.0.0.3", ip(p.next(ASC, "10.255.255.254", null)));
  }
}
