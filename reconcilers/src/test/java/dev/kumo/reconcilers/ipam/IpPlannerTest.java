package dev.kumo.reconcilers.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAddressSpec;
import dev.kumo.api.network.v1alpha1.IpAllocationStrategy;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkCategory;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.reconcilers.ipam.IpDecision.Allocated;
import dev.kumo.reconcilers.ipam.IpDecision.Reason;
import dev.kumo.reconcilers.ipam.IpDecision.Refused;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpPlannerTest {

  static IpAddress address(String l3, String ip, String mac) {
    IpAddress a = new IpAddress();
    a.setMetadata(new ObjectMetaBuilder().withName(IpAddressNames.of(l3, ip)).build());
    IpAddressSpec s = new IpAddressSpec();
    s.l3NetworkRef = l3;
    s.ip = ip;
    s.mac = mac;
    a.setSpec(s);
    return a;
  }

  static L3Network l3(String name, IpAllocationStrategy strategy, IpRange... ranges) {
    L3Network n = new L3Network();
    n.setMetadata(new ObjectMetaBuilder().withName(name).build());
    L3NetworkSpec s = IpPoolTest.spec(ranges);
    s.ipAllocationStrategy = strategy;
    n.setSpec(s);
    return n;
  }

  @Test
  void takenSetsComeFromIpAddressObjects() {
    List<IpAddress> all =
        Arrays.asList(
            address("a", "10.0.0.5", "fa:00:00:00:00:00"),
            address("b", "10.0.0.6", "fa:00:00:00:00:01"),
            address("a", "10.0.0.7", null),
            new IpAddress(),
            null);
    assertEquals(List.of("10.0.0.5", "10.0.0.7"), IpPlanner.takenIps("a", all));
    assertEquals(List.of("fa:00:00:00:00:00", "fa:00:00:00:00:01"), IpPlanner.takenMacs(all));
    assertEquals(List.of(), IpPlanner.takenIps("a", null));
  }

  @Test
  void allocateUsesTheNetworksStrategyAndNormalRanges() {
    IpRange pool = IpPoolTest.range("172.16.0.2", "172.16.0.9", 24, null);
    pool.type = IpRangeType.AddressPool;
    L3Network n =
        l3(
            "pub",
            IpAllocationStrategy.FirstAvailable,
            IpPoolTest.range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"),
            pool);
    n.getSpec().category = L3NetworkCategory.Public;
    List<String> taken = IpPlanner.takenIps("pub", List.of(address("pub", "10.0.0.10", null)));
    Allocated a = assertInstanceOf(Allocated.class, IpPlanner.allocate(n, taken, null, null));
    assertEquals("10.0.0.11", a.ip());
    assertEquals("10.0.0.1", a.range().gateway);
  }

  @Test
  void allocateDefaultsToRandom() {
    L3Network n = l3("net", null, IpPoolTest.range("10.0.0.2", "10.0.0.254", 24, "10.0.0.1"));
    List<String> got = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(9);
    for (int i = 0; i < 5; i++) {
      got.add(((Allocated) IpPlanner.allocate(n, List.of(), null, rnd)).ip());
    }
    assertEquals(5, got.stream().distinct().count(), got.toString());
  }

  @Test
  void ascendingCursorIsHonoured() {
    L3Network n =
        l3(
            "net",
            IpAllocationStrategy.AscendingDelayRecycle,
            IpPoolTest.range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"));
    assertEquals(
        "10.0.0.16", ((Allocated) IpPlanner.allocate(n, List.of(), "10.0.0.15", null)).ip());
  }

  @Test
  void staticRequestIsCheckedAgainstNormalRanges() {
    IpRange pool = IpPoolTest.range("172.16.0.2", "172.16.0.9", 24, null);
    pool.type = IpRangeType.AddressPool;
    L3Network n = l3("pub", null, IpPoolTest.range("10.0.0.10", "10.0.0.20", 24, "10.0.0.1"), pool);
    assertEquals(
        "10.0.0.12", ((Allocated) IpPlanner.requestStatic(n, List.of(), "10.0.0.12")).ip());
    assertEquals(
        Reason.TAKEN,
        ((Refused) IpPlanner.requestStatic(n, List.of("10.0.0.12"), "10.0.0.12")).reason());
    assertEquals(
        Reason.OUT_OF_RANGE,
        ((Refused) IpPlanner.requestStatic(n, List.of(), "172.16.0.3")).reason());
    assertEquals(
        Reason.GATEWAY, ((Refused) IpPlanner.requestStatic(n, List.of(), "10.0.0.1")).reason());
  }

  @Test
  void countsCoverAllRangesAndReportOutsideAllocationsAsUsed() {
    IpRange pool = IpPoolTest.range("172.16.0.2", "172.16.0.9", 24, null);
    pool.type = IpRangeType.AddressPool;
    L3NetworkSpec s =
        IpPoolTest.spec(IpPoolTest.range("10.0.0.2", "10.0.0.254", 24, "10.0.0.1"), pool);
    s.reservedRanges = List.of(IpPoolTest.reserved("10.0.0.250", "10.0.0.254"));
    assertEquals(new IpPlanner.Counts(253 - 5 + 8, 0, 256), IpPlanner.counts(s, List.of()));
    assertEquals(
        new IpPlanner.Counts(256, 3, 254),
        IpPlanner.counts(s, List.of("10.0.0.2", "172.16.0.2", "192.168.9.9")));
    assertEquals(new IpPlanner.Counts(0, 0, 0), IpPlanner.counts(new L3NetworkSpec(), List.of()));
    assertEquals(new IpPlanner.Counts(0, 0, 0), IpPlanner.counts(null, null));
  }

  @Test
  void slash16CountsAreArithmetic() {
    L3NetworkSpec s = IpPoolTest.spec(IpPoolTest.range("10.1.0.2", "10.1.255.254", 16, "10.1.0.1"));
    assertEquals(new IpPlanner.Counts(65533, 1, 65532), IpPlanner.counts(s, List.of("10.1.3.4")));
  }
}
