package dev.kumo.reconcilers.network;

import dev.kumo.api.Labels;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpRangeRules;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The IpAddress's status and the orphan rule as pure functions. An address whose owner VmInstance
 * no longer exists is an orphan of a crash between allocating it and recording it on the VM (the
 * VM's own cleanup releases its addresses before it disappears); it is deleted once it is older
 * than a grace period, so an allocation racing with its VM's creation is never taken for one.
 */
public final class IpAddressRules {
  /** The owner kind whose existence the sweep checks. */
  public static final String VM_KIND = "VmInstance";

  private IpAddressRules() {}

  /**
   * The subnet details of the address.
   *
   * @param ipRange name of the range holding it, or null when unnamed or none
   * @param prefixLength prefix length of the range's subnet, or null
   * @param gateway gateway of the range, or null
   * @param ready the Ready condition
   */
  public record Details(String ipRange, Integer prefixLength, String gateway, Verdict ready) {}

  /** The details of {@code ip} on its L3 network (null when the network does not exist). */
  public static Details details(IpAddress ip, L3Network l3) {
    String l3Name = ip.getSpec() == null ? null : ip.getSpec().l3NetworkRef;
    if (l3 == null || l3.getSpec() == null) {
      return new Details(
          null,
          null,
          null,
          Verdict.no("L3NetworkNotFound", "L3 network " + l3Name + " does not exist"));
    }
    long address;
    try {
      address = IpRangeRules.toLong(ip.getSpec().ip);
    } catch (RuntimeException e) {
      return new Details(
          null,
          null,
          null,
          Verdict.no("InvalidAddress", ip.getSpec().ip + " is not an IPv4 address"));
    }
    if (l3.getSpec().ipRanges != null) {
      for (IpRange range : l3.getSpec().ipRanges) {
        try {
          if (IpRangeRules.toLong(range.startIp) <= address
              && address <= IpRangeRules.toLong(range.endIp)) {
            IpRangeRules.Subnet subnet = IpRangeRules.subnet(range);
            Integer prefix = subnet == null ? null : 32 - Long.numberOfTrailingZeros(subnet.size());
            return new Details(
                range.name,
                prefix,
                range.gateway,
                Verdict.ok("Allocated", ip.getSpec().ip + " is allocated on L3 network " + l3Name));
          }
        } catch (IllegalArgumentException e) {
          // an unreadable range holds no address
        }
      }
    }
    return new Details(
        null,
        null,
        null,
        Verdict.no(
            "OutOfRange", ip.getSpec().ip + " is not inside any IP range of L3 network " + l3Name));
  }

  /**
   * How long to wait before the address may be swept as an orphan: null when it is not one (no
   * VmInstance owner with a namespace, or the owner exists), zero when it is to be deleted now.
   */
  public static Duration orphanIn(IpAddress ip, boolean ownerExists, Instant now, Duration grace) {
    if (ip.getSpec() == null
        || ip.getSpec().owner == null
        || !VM_KIND.equals(ip.getSpec().owner.kind)
        || ip.getSpec().owner.namespace == null
        || ownerExists
        || ip.getMetadata().getDeletionTimestamp() != null
        || retained(ip)) {
      return null;
    }
    Instant created = parse(ip.getMetadata().getCreationTimestamp());
    if (created == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(created, now);
    return age.compareTo(grace) >= 0 ? Duration.ZERO : grace.minus(age);
  }

  /** Kept from a VM deleted under the Delay or Never policy: the expunger's business, not ours. */
  private static boolean retained(IpAddress ip) {
    return ip.getMetadata().getAnnotations() != null
        && ip.getMetadata().getAnnotations().containsKey(Labels.RETAINED_FROM);
  }

  private static Instant parse(String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
