package dev.kumo.api.network.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpRangeRulesTest {

  @Test
  void aZstackStyleRangeIsValid() {
    assertEquals(
        List.of(), messages(spec(range("192.168.100.10", "192.168.100.200", "192.168.100.1"))));
  }

  @Test
  void startAfterEndIsRejected() {
    assertEquals(
        List.of("spec.ipRanges[0]: startIp must not be greater than endIp"),
        messages(spec(range("192.168.100.200", "192.168.100.10", "192.168.100.1"))));
  }

  @Test
  void gatewayOutsideTheSubnetIsRejected() {
    assertEquals(
        List.of("spec.ipRanges[0].gateway: gateway must be inside the range's subnet"),
        messages(spec(range("192.168.100.10", "192.168.100.200", "192.168.101.1"))));
  }

  @Test
  void gatewayInsideTheRangeIsRejected() {
    assertEquals(
        List.of("spec.ipRanges[0].gateway: gateway must not lie between startIp and endIp"),
        messages(spec(range("192.168.100.10", "192.168.100.200", "192.168.100.20"))));
  }

  @Test
  void networkAndBroadcastAddressesAreRejected() {
    assertEquals(
        List.of(
            "spec.ipRanges[0]: the range must not include the subnet's network or broadcast address"),
        messages(spec(range("192.168.100.0", "192.168.100.200", "192.168.100.254"))));
    assertEquals(
        List.of(
            "spec.ipRanges[0]: the range must not include the subnet's network or broadcast address"),
        messages(spec(range("192.168.100.2", "192.168.100.255", "192.168.100.1"))));
  }

  @Test
  void aRangeSpanningTwoSubnetsIsRejected() {
    assertEquals(
        List.of("spec.ipRanges[0]: startIp and endIp must be in the same subnet"),
        messages(spec(range("192.168.100.10", "192.168.101.10", "192.168.100.1"))));
  }

  @Test
  void linkLocalAndMulticastAreRejected() {
    IpRange range = range("169.254.1.10", "169.254.1.20", "169.254.1.1");
    assertEquals(
        List.of(
            "spec.ipRanges[0]: addresses must not be loopback, link-local, multicast or reserved (class D/E)"),
        messages(spec(range)));
  }

  @Test
  void netmaskAndPrefixLengthAreExclusive() {
    IpRange range = range("10.0.0.10", "10.0.0.20", "10.0.0.1");
    range.prefixLength = 24;
    assertEquals(
        List.of("spec.ipRanges[0]: exactly one of netmask or prefixLength must be set"),
        messages(spec(range)));
  }

  @Test
  void aNormalRangeNeedsAGateway() {
    assertEquals(
        List.of("spec.ipRanges[0].gateway: a Normal range needs a gateway"),
        messages(spec(range("10.0.0.10", "10.0.0.20", null))));
  }

  @Test
  void normalRangesOfOneNetworkShareOneCidr() {
    IpRange other = range("10.0.1.10", "10.0.1.20", "10.0.1.1");
    assertEquals(
        List.of(
            "spec.ipRanges[1]: all Normal ranges of an L3 network must share one CIDR (10.0.0.0/24), not 10.0.1.0/24",
            "spec.ipRanges[1].gateway: all Normal ranges of an L3 network share one gateway"),
        messages(spec(range("10.0.0.10", "10.0.0.20", "10.0.0.1"), other)));
  }

  @Test
  void rangesOfOneNetworkMustNotOverlap() {
    assertEquals(
        List.of("spec.ipRanges[1]: overlaps spec.ipRanges[0]"),
        messages(
            spec(
                range("10.0.0.10", "10.0.0.20", "10.0.0.1"),
                range("10.0.0.15", "10.0.0.30", "10.0.0.1"))));
  }

  @Test
  void addressPoolsAreOnlyForPublicNetworks() {
    IpRange pool = range("198.51.100.10", "198.51.100.99", null);
    pool.type = IpRangeType.AddressPool;
    L3NetworkSpec spec = spec(pool);
    assertEquals(
        List.of("spec.ipRanges[0].type: AddressPool ranges are only allowed on Public networks"),
        messages(spec));
    spec.category = L3NetworkCategory.Public;
    assertEquals(List.of(), messages(spec));
  }

  @Test
  void rangesMustNotOverlapThoseOfAnotherNetworkOnTheSameL2() {
    L3NetworkSpec mine = spec(range("10.0.0.10", "10.0.0.20", "10.0.0.1"));
    L3NetworkSpec theirs = spec(range("10.0.0.20", "10.0.0.40", "10.0.0.1"));
    assertEquals(
        List.of(
            new IpRangeRules.Violation(
                "spec.ipRanges[0]", "overlaps a range of L3 network other on the same L2 network")),
        IpRangeRules.overlapsWith(mine, "other", theirs));
    assertEquals(
        List.of(),
        IpRangeRules.overlapsWith(
            mine, "other", spec(range("10.0.0.21", "10.0.0.40", "10.0.0.1"))));
  }

  @Test
  void subnetsAreComputedFromNetmaskOrPrefix() {
    IpRange range = range("172.20.1.5", "172.20.2.5", "172.20.0.1");
    range.netmask = "255.255.252.0";
    assertEquals("172.20.0.0/22", IpRangeRules.subnet(range).toString());
    range.netmask = null;
    range.prefixLength = 30;
    assertEquals("172.20.1.4/30", IpRangeRules.subnet(range).toString());
  }

  private static IpRange range(String start, String end, String gateway) {
    IpRange range = new IpRange();
    range.startIp = start;
    range.endIp = end;
    range.netmask = "255.255.255.0";
    range.gateway = gateway;
    range.type = IpRangeType.Normal;
    return range;
  }

  private static L3NetworkSpec spec(IpRange... ranges) {
    L3NetworkSpec spec = new L3NetworkSpec();
    spec.category = L3NetworkCategory.Private;
    spec.ipRanges = new ArrayList<>(List.of(ranges));
    return spec;
  }

  private static List<String> messages(L3NetworkSpec spec) {
    return IpRangeRules.validate(spec).stream().map(IpRangeRules.Violation::toString).toList();
  }
}
