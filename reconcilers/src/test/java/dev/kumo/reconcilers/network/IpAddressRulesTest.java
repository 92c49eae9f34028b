package dev.kumo.reconcilers.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpUsage;
import dev.kumo.api.network.v1alpha1.L3Network;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IpAddressRulesTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(60);

  private static IpAddress created(String timestamp, String vm) {
    IpAddress a = L3RulesTest.ip("n", "10.0.0.11", IpUsage.VmNic, "t", vm);
    a.getMetadata().setCreationTimestamp(timestamp);
    return a;
  }

  @Test
  void detailsComeFromTheRangeHoldingTheAddress() {
    IpRange first = L3RulesTest.range("10.0.0.2", "10.0.0.9", "10.0.0.1");
    IpRange second = L3RulesTest.range("10.0.0.10", "10.0.0.20", "10.0.0.1");
    second.name = "second";
    second.prefixLength = null;
    second.netmask = "255.255.255.0";
    L3Network n = L3RulesTest.l3("n", "l2", null, first, second);
    IpAddressRules.Details d = IpAddressRules.details(created(null, "vm"), n);
    assertEquals("second", d.ipRange());
    assertEquals(24, d.prefixLength());
    assertEquals("10.0.0.1", d.gateway());
    assertEquals("Allocated", d.ready().reason());
  }

  @Test
  void aMissingNetworkOrAnAddressOutsideItsRangesIsNotReady() {
    assertEquals(
        "L3NetworkNotFound", IpAddressRules.details(created(null, "vm"), null).ready().reason());
    L3Network n =
        L3RulesTest.l3("n", "l2", null, L3RulesTest.range("10.0.0.50", "10.0.0.60", "10.0.0.1"));
    IpAddressRules.Details d = IpAddressRules.details(created(null, "vm"), n);
    assertEquals("OutOfRange", d.ready().reason());
    assertEquals("10.0.0.11 is not inside any IP range of L3 network n", d.ready().message());
    assertNull(d.prefixLength());
  }

  @Test
  void anAddressWhoseVmIsGoneIsSweptAfterTheGracePeriod() {
    assertEquals(
        Duration.ofSeconds(50),
        IpAddressRules.orphanIn(created("2025-01-01T11:59:50Z", "vm"), false, NOW, GRACE));
    assertEquals(
        Duration.ZERO,
        IpAddressRules.orphanIn(created("2025-01-01T11:59:00Z", "vm"), false, NOW, GRACE));
    assertEquals(Duration.ZERO, IpAddressRules.orphanIn(created(null, "vm"), false, NOW, GRACE));
  }

  @Test
  void addressesWithALiveOwnerOrNoVmOwnerAreNeverOrphans() {
    assertNull(IpAddressRules.orphanIn(created("2025-01-01T11:00:00Z", "vm"), true, NOW, GRACE));
    assertNull(IpAddressRules.orphanIn(created("2025-01-01T11:00:00Z", null), false, NOW, GRACE));
    IpAddress other = created("2025-01-01T11:00:00Z", "lb");
    other.getSpec().owner.kind = "LoadBalancer";
    assertNull(IpAddressRules.orphanIn(other, false, NOW, GRACE));
    IpAddress noNamespace = created("2025-01-01T11:00:00Z", "vm");
    noNamespace.getSpec().owner.namespace = null;
    assertNull(IpAddressRules.orphanIn(noNamespace, false, NOW, GRACE));
    IpAddress deleting = created("2025-01-01T11:00:00Z", "vm");
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T11:59:00Z");
    assertNull(IpAddressRules.orphanIn(deleting, false, NOW, GRACE));
    IpAddress retained = created("2025-01-01T11:00:00Z", "vm");
    retained.getMetadata().setAnnotations(new java.util.HashMap<>());
    retained.getMetadata().getAnnotations().put(dev.kumo.api.Labels.RETAINED_FROM, "uid-1");
    assertNull(
        IpAddressRules.orphanIn(retained, false, NOW, GRACE),
        "kept under the Delay policy: left to the expunger");
    assertTrue(GRACE.equals(IpAddressReconciler.DEFAULT_ORPHAN_GRACE));
  }
}
