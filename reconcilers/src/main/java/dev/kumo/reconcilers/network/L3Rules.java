package dev.kumo.reconcilers.network;

import dev.kumo.api.Labels;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpRangeRules;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.IpUsage;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The L3 network's rules and status as pure functions: ZStack's IP range rules ({@link
 * IpRangeRules}: per range, one CIDR and gateway per network, no overlap within the network or with
 * the L3 networks of the same L2), the subnet shown in status, and the users that block deletion.
 *
 * <p>When two L3 networks on one L2 overlap, the one created later (by creationTimestamp, then
 * name) is reported: the earlier one keeps its addresses, as ZStack would have refused the later
 * range at the API.
 */
public final class L3Rules {
  private L3Rules() {}

  /** The subnet of the Normal ranges for status. */
  public record Subnet(String cidr, String gateway) {}

  /**
   * What is wrong with the network's IP ranges, or null when nothing is.
   *
   * @param l3 the network
   * @param others every other L3 network (those on other L2 networks are ignored)
   * @return Ready=False with reason InvalidIpRange, IpRangeOverlap or NoIpRange; or null
   */
  public static Verdict ranges(L3Network l3, Collection<L3Network> others) {
    L3NetworkSpec spec = l3.getSpec();
    String name = l3.getMetadata().getName();
    List<String> problems = new ArrayList<>();
    try {
      IpRangeRules.validate(spec).forEach(v -> problems.add(v.toString()));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      return Verdict.no(
          "InvalidIpRange",
          "L3 network " + name + " has invalid IP ranges: " + String.join("; ", problems));
    }
    for (L3Network other : others) {
      if (other.getMetadata().getName().equals(name)
          || other.getSpec() == null
          || !Objects.equals(other.getSpec().l2NetworkRef, spec.l2NetworkRef)
          || !earlier(other, l3)) {
        continue;
      }
      try {
        IpRangeRules.overlapsWith(spec, other.getMetadata().getName(), other.getSpec())
            .forEach(v -> problems.add(v.toString()));
      } catch (IllegalArgumentException e) {
        // the other network's ranges are unreadable; it reports that itself
      }
    }
    if (!problems.isEmpty()) {
      return Verdict.no(
          "IpRangeOverlap",
          "L3 network "
              + name
              + " overlaps older L3 networks on L2 network "
              + spec.l2NetworkRef
              + ": "
              + String.join("; ", problems));
    }
    if (spec.ipRanges == null || spec.ipRanges.isEmpty()) {
      return Verdict.no(
          "NoIpRange", "L3 network " + name + " has no IP range to allocate addresses from");
    }
    return null;
  }

  /** Ready of a network whose ranges are fine. */
  public static Verdict enabled(AdminState state) {
    return state == AdminState.Disabled
        ? Verdict.no("Disabled", "the L3 network is Disabled: no new NICs are placed on it")
        : Verdict.ok("Enabled", "the L3 network is Enabled");
  }

  /** Whether {@code a} was created before {@code b} (ties broken by name). */
  static boolean earlier(L3Network a, L3Network b) {
    Comparator<L3Network> order =
        Comparator.comparing(
                (L3Network n) ->
                    n.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : n.getMetadata().getCreationTimestamp())
            .thenComparing(n -> n.getMetadata().getName());
    return order.compare(a, b) < 0;
  }

  /** The CIDR and gateway of the first Normal range, or nulls. */
  public static Subnet subnet(L3NetworkSpec spec) {
    if (spec == null || spec.ipRanges == null) {
      return new Subnet(null, null);
    }
    for (IpRange range : spec.ipRanges) {
      if (range.type == IpRangeType.AddressPool) {
        continue;
      }
      try {
        IpRangeRules.Subnet subnet = IpRangeRules.subnet(range);
        if (subnet != null) {
          return new Subnet(subnet.toString(), range.gateway);
        }
      } catch (IllegalArgumentException e) {
        // an unreadable range has no subnet to show
      }
    }
    return new Subnet(null, null);
  }

  /** Whether the address belongs to L3 network {@code l3}: by its label, else by its spec. */
  public static boolean belongsTo(IpAddress ip, String l3) {
    String label =
        ip.getMetadata().getLabels() == null
            ? null
            : ip.getMetadata().getLabels().get(Labels.L3_NETWORK);
    if (label != null) {
      return label.equals(l3);
    }
    return ip.getSpec() != null && l3.equals(ip.getSpec().l3NetworkRef);
  }

  /**
   * The users that block deleting an L3 network: the owners of its addresses used by VM NICs,
   * sorted and without repeats ({@code VmInstance namespace/name}, or {@code IpAddress name} when
   * an address names no owner).
   */
  public static List<String> nicUsers(Collection<IpAddress> addresses) {
    TreeSet<String> users = new TreeSet<>();
    for (IpAddress ip : addresses) {
      IpUsage usage = ip.getSpec() == null ? null : ip.getSpec().usedFor;
      if (usage != null && usage != IpUsage.VmNic) {
        continue;
      }
      var owner = ip.getSpec() == null ? null : ip.getSpec().owner;
      if (owner == null || owner.name == null) {
        users.add("IpAddress " + ip.getMetadata().getName());
      } else {
        users.add(
            (owner.kind == null ? "VmInstance" : owner.kind)
                + " "
                + (owner.namespace == null ? "" : owner.namespace + "/")
                + owner.name);
      }
    }
    return List.copyOf(users);
  }
}
