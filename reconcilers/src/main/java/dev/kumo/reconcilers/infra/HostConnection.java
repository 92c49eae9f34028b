package dev.kumo.reconcilers.infra;

import dev.kumo.api.Labels;
import dev.kumo.api.common.ConnectionStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * A host's connection as its node daemon's heartbeat Lease tells it (DESIGN §5; ZStack's ping
 * tracker, §2.2 of the behaviour reference): Connecting before any lease, Connected while {@code
 * renewTime + leaseDurationSeconds} lies in the future, Disconnected after.
 */
public final class HostConnection {
  /** The lease duration a node daemon uses when its Lease does not say (the daemon's default). */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(20);

  /**
   * What the lease says at one instant.
   *
   * @param status the connection
   * @param lastHeartbeat when the daemon last renewed its lease, or null without a lease
   * @param validUntil when the lease expires, or null without a lease
   * @param reason CamelCase reason for the Connected condition
   * @param message human-readable detail
   */
  public record Observation(
      ConnectionStatus status,
      Instant lastHeartbeat,
      Instant validUntil,
      String reason,
      String message) {
    /** Time left until the lease expires (zero when expired or absent). */
    public Duration remaining(Instant now) {
      if (validUntil == null || !validUntil.isAfter(now)) {
        return Duration.ZERO;
      }
      return Duration.between(now, validUntil);
    }
  }

  private HostConnection() {}

  /** The connection of host {@code host} at {@code now} from its lease (null when none). */
  public static Observation observe(Lease lease, String host, Instant now) {
    String leaseName = Labels.SYSTEM_NAMESPACE + "/" + Labels.hostLease(host);
    if (lease == null || lease.getSpec() == null) {
      return new Observation(
          ConnectionStatus.Connecting,
          null,
          null,
          "NoHeartbeat",
          "waiting for the node daemon's first heartbeat (Lease " + leaseName + ")");
    }
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    if (renewed == null) {
      renewed = lease.getSpec().getAcquireTime();
    }
    if (renewed == null) {
      return new Observation(
          ConnectionStatus.Connecting,
          null,
          null,
          "NoHeartbeat",
          "Lease " + leaseName + " has not been renewed yet");
    }
    Integer seconds = lease.getSpec().getLeaseDurationSeconds();
    Duration duration =
        seconds == null || seconds <= 0 ? DEFAULT_LEASE_DURATION : Duration.ofSeconds(seconds);
    Instant last = renewed.toInstant();
    Instant until = last.plus(duration);
    if (until.isAfter(now)) {
      return new Observation(
          ConnectionStatus.Connected,
          last,
          until,
          "HeartbeatRenewed",
          "the node daemon renewed Lease " + leaseName + " at " + last + "; valid until " + until);
    }
    return new Observation(
        ConnectionStatus.Disconnected,
        last,
        until,
        "HeartbeatExpired",
        "the node daemon's Lease "
            + leaseName
            + " expired at "
            + until
            + " (last renewed at "
            + last
            + ", duration "
            + duration.toSeconds()
            + " s)");
  }
}
