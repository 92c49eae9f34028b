package dev.kumo.reconcilers.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConnectionStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class HostConnectionTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private static Lease lease(Instant renew, Instant acquire, Integer seconds) {
    return new LeaseBuilder()
        .withNewSpec()
        .withHolderIdentity("h1")
        .withLeaseDurationSeconds(seconds)
        .withRenewTime(renew == null ? null : ZonedDateTime.ofInstant(renew, ZoneOffset.UTC))
        .withAcquireTime(acquire == null ? null : ZonedDateTime.ofInstant(acquire, ZoneOffset.UTC))
        .endSpec()
        .build();
  }

  @Test
  void noLeaseIsConnecting() {
    HostConnection.Observation o = HostConnection.observe(null, "h1", NOW);
    assertEquals(ConnectionStatus.Connecting, o.status());
    assertNull(o.lastHeartbeat());
    assertEquals(Duration.ZERO, o.remaining(NOW));
    assertTrue(o.message().contains("kumo-system/host-h1"), o.message());
    assertEquals(ConditionStatus.Unknown, HostReconciler.connected(o).status());
  }

  @Test
  void aLeaseWithoutAnyTimeIsStillConnecting() {
    assertEquals(
        ConnectionStatus.Connecting,
        HostConnection.observe(lease(null, null, 20), "h1", NOW).status());
  }

  @Test
  void aRenewedLeaseIsConnectedUntilRenewPlusDuration() {
    HostConnection.Observation o =
        HostConnection.observe(lease(NOW.minusSeconds(5), null, 20), "h1", NOW);
    assertEquals(ConnectionStatus.Connected, o.status());
    assertEquals(NOW.plusSeconds(15), o.validUntil());
    assertEquals(Duration.ofSeconds(15), o.remaining(NOW));
    assertEquals("HeartbeatRenewed", o.reason());
    assertTrue(HostReconciler.connected(o).isTrue());
  }

  @Test
  void anExpiredLeaseIsDisconnectedAndSaysWhen() {
    HostConnection.Observation o =
        HostConnection.observe(lease(NOW.minusSeconds(21), null, 20), "h1", NOW);
    assertEquals(ConnectionStatus.Disconnected, o.status());
    assertEquals("HeartbeatExpired", o.reason());
    assertEquals(NOW.minusSeconds(21), o.lastHeartbeat());
    assertTrue(o.message().contains("expired at 2025-01-01T11:59:59Z"), o.message());
    assertEquals(Duration.ZERO, o.remaining(NOW));
  }

  @Test
  void expiryIsExclusiveAtTheInstant() {
    assertEquals(
        ConnectionStatus.Disconnected,
        HostConnection.observe(lease(NOW.minusSeconds(20), null, 20), "h1", NOW).status());
  }

  @Test
  void acquireTimeStandsInForRenewTimeAndTheDurationDefaultsTo20s() {
    HostConnection.Observation o =
        HostConnection.observe(lease(null, NOW.minusSeconds(19), null), "h1", NOW);
    assertEquals(ConnectionStatus.Connected, o.status());
    assertEquals(NOW.plusSeconds(1), o.validUntil());
  }
}
