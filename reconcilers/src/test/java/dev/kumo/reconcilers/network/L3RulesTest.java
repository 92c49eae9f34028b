package dev.kumo.reconcilers.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAddressSpec;
import dev.kumo.api.network.v1alpha1.IpOwner;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpUsage;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class L3RulesTest {
  static IpRange range(String start, String end, String gateway) {
    IpRange r = new IpRange();
    r.startIp = start;
    r.endIp = end;
    r.prefixLength = 24;
    r.gateway = gateway;
    return r;
  }

  static L3Network l3(String name, String l2, String created, IpRange... ranges) {
    L3Network n = new L3Network();
    n.setMetadata(new ObjectMeta());
    n.getMetadata().setName(name);
    n.getMetadata().setCreationTimestamp(created);
    n.setSpec(new L3NetworkSpec());
    n.getSpec().l2NetworkRef = l2;
    n.getSpec().ipRanges = new ArrayList<>(List.of(ranges));
    return n;
  }

  static IpAddress ip(String l3, String address, IpUsage usage, String vmNs, String vm) {
    IpAddress a = new IpAddress();
    a.setMetadata(new ObjectMeta());
    a.getMetadata().setName(l3 + "." + address.replace('.', '-'));
    a.setSpec(new IpAddressSpec());
    a.getSpec().l3NetworkRef = l3;
    a.getSpec().ip = address;
    a.getSpec().usedFor = usage;
    if (vm != null) {
      a.getSpec().owner = new IpOwner();
      a.getSpec().owner.kind = "VmInstance";
      a.getSpec().owner.namespace = vmNs;
      a.getSpec().owner.name = vm;
    }
    return a;
  }

  @Test
  void aGatewayInsideTheRangeIsAnInvalidRange() {
    Verdict v =
        L3Rules.ranges(
            l3("n", "l2", "2025-01-01T00:00:00Z", range("10.0.0.10", "10.0.0.20", "10.0.0.15")),
            List.of());
    assertEquals("InvalidIpRange", v.reason());
    assertEquals(
        "L3 network n has invalid IP ranges: spec.ipRanges[0].gateway: gateway must not lie"
            + " between startIp and endIp",
        v.message());
  }

  @Test
  void networkAndBroadcastAddressesAndTwoCidrsAreInvalid() {
    Verdict broadcast =
        L3Rules.ranges(
            l3("n", "l2", null, range("10.0.0.10", "10.0.0.255", "10.0.0.1")), List.of());
    assertTrue(broadcast.message().contains("network or broadcast"), broadcast.message());
    Verdict twoCidrs =
        L3Rules.ranges(
            l3(
                "n",
                "l2",
                null,
                range("10.0.0.10", "10.0.0.20", "10.0.0.1"),
                range("10.0.1.10", "10.0.1.20", "10.0.0.1")),
            List.of());
    assertTrue(twoCidrs.message().contains("share one CIDR (10.0.0.0/24)"), twoCidrs.message());
  }

  @Test
  void onlyTheYoungerOfTwoOverlappingNetworksOnOneL2IsReported() {
    L3Network old =
        l3("old", "l2", "2025-01-01T00:00:00Z", range("10.0.0.10", "10.0.0.100", "10.0.0.1"));
    L3Network young =
        l3("young", "l2", "2025-01-02T00:00:00Z", range("10.0.0.50", "10.0.0.150", "10.0.0.1"));
    L3Network elsewhere =
        l3(
            "else",
            "other-l2",
            "2024-01-01T00:00:00Z",
            range("10.0.0.50", "10.0.0.150", "10.0.0.1"));
    assertNull(L3Rules.ranges(old, List.of(old, young, elsewhere)));
    Verdict v = L3Rules.ranges(young, List.of(old, young, elsewhere));
    assertEquals("IpRangeOverlap", v.reason());
    assertEquals(
        "L3 network young overlaps older L3 networks on L2 network l2: spec.ipRanges[0]: overlaps"
            + " a range of L3 network old on the same L2 network",
        v.message());
  }

  @Test
  void aNetworkWithoutRangesHasNoIpRange() {
    assertEquals("NoIpRange", L3Rules.ranges(l3("n", "l2", null), List.of()).reason());
  }

  @Test
  void subnetIsThatOfTheFirstNormalRange() {
    L3Rules.Subnet s =
        L3Rules.subnet(l3("n", "l2", null, range("10.0.0.10", "10.0.0.20", "10.0.0.1")).getSpec());
    assertEquals("10.0.0.0/24", s.cidr());
    assertEquals("10.0.0.1", s.gateway());
    assertNull(L3Rules.subnet(l3("n", "l2", null).getSpec()).cidr());
  }

  @Test
  void nicUsersAreTheOwningVmsOnceEachAndNotVips() {
    List<IpAddress> ips =
        List.of(
            ip("n", "10.0.0.11", null, "t1", "vm-b"),
            ip("n", "10.0.0.12", IpUsage.VmNic, "t1", "vm-a"),
            ip("n", "10.0.0.13", IpUsage.VmNic, "t1", "vm-a"),
            ip("n", "10.0.0.14", IpUsage.Vip, "t1", "vip"),
            ip("n", "10.0.0.15", IpUsage.VmNic, null, null));
    assertEquals(
        List.of("IpAddress n.10-0-0-15", "VmInstance t1/vm-a", "VmInstance t1/vm-b"),
        L3Rules.nicUsers(ips));
  }

  @Test
  void anAddressBelongsByLabelElseBySpec() {
    IpAddress labelled = ip("n", "10.0.0.11", null, "t", "v");
    labelled.getMetadata().setLabels(Map.of(Labels.L3_NETWORK, "m"));
    assertTrue(L3Rules.belongsTo(labelled, "m"));
    assertTrue(!L3Rules.belongsTo(labelled, "n"));
    assertTrue(L3Rules.belongsTo(ip("n", "10.0.0.11", null, "t", "v"), "n"));
  }
}
