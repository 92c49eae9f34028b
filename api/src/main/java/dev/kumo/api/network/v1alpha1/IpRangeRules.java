package dev.kumo.api.network.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ZStack's IP range rules as plain Java, for the API server and the L3 controller. The per-range
 * rules repeat the CRD's CEL rules (so that the answer is the same on a server without CEL); the
 * rules across ranges — one CIDR per network, no overlapping ranges, none with another L3 network
 * on the same L2 — can only be checked here.
 */
public final class IpRangeRules {

  /** A broken rule: the field path (as Kubernetes prints it) and what is wrong. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** An IPv4 subnet as the number of its first address and its size. */
  public record Subnet(long network, long size) {
    /** Whether the address lies in this subnet. */
    public boolean contains(long address) {
      return address >= network && address < network + size;
    }

    @Override
    public String toString() {
      return format(network) + "/" + (32 - Long.numberOfTrailingZeros(size));
    }
  }

  private IpRangeRules() {}

  /** All violations within one L3 network's spec, with paths relative to the object root. */
  public static List<Violation> validate(L3NetworkSpec spec) {
    List<Violation> violations = new ArrayList<>();
    List<IpRange> ranges = spec.ipRanges == null ? List.of() : spec.ipRanges;
    Subnet firstNormal = null;
    String firstGateway = null;
    for (int i = 0; i < ranges.size(); i++) {
      IpRange range = ranges.get(i);
      String path = "spec.ipRanges[" + i + "]";
      violations.addAll(validate(range, path));
      if (isAddressPool(range)) {
        if (spec.category != L3NetworkCategory.Public) {
          violations.add(
              new Violation(
                  path + ".type", "AddressPool ranges are only allowed on Public networks"));
        }
        continue;
      }
      Subnet subnet = subnet(range);
      if (subnet == null) {
        continue;
      }
      if (firstNormal == null) {
        firstNormal = subnet;
        firstGateway = range.gateway;
      } else {
        if (!firstNormal.equals(subnet)) {
          violations.add(
              new Violation(
                  path,
                  "all Normal ranges of an L3 network must share one CIDR ("
                      + firstNormal
                      + "), not "
                      + subnet));
        }
        if (range.gateway != null && firstGateway != null && !range.gateway.equals(firstGateway)) {
          violations.add(
              new Violation(
                  path + ".gateway", "all Normal ranges of an L3 network share one gateway"));
        }
      }
    }
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        if (overlap(ranges.get(i), ranges.get(j))) {
          violations.add(
              new Violation("spec.ipRanges[" + j + "]", "overlaps spec.ipRanges[" + i + "]"));
        }
      }
    }
    List<ReservedRange> reserved = spec.reservedRanges == null ? List.of() : spec.reservedRanges;
    for (int i = 0; i < reserved.size(); i++) {
      ReservedRange r = reserved.get(i);
      if (toLong(r.startIp) > toLong(r.endIp)) {
        violations.add(
            new Violation(
                "spec.reservedRanges[" + i + "]", "startIp must not be greater than endIp"));
      }
    }
    return violations;
  }

  /** Violations between this network's ranges and those of another L3 network on the same L2. */
  public static List<Violation> overlapsWith(
      L3NetworkSpec spec, String otherName, L3NetworkSpec other) {
    List<Violation> violations = new ArrayList<>();
    List<IpRange> mine = spec.ipRanges == null ? List.of() : spec.ipRanges;
    List<IpRange> theirs = other.ipRanges == null ? List.of() : other.ipRanges;
    for (int i = 0; i < mine.size(); i++) {
      for (IpRange range : theirs) {
        if (overlap(mine.get(i), range)) {
          violations.add(
              new Violation(
                  "spec.ipRanges[" + i + "]",
                  "overlaps a range of L3 network " + otherName + " on the same L2 network"));
        }
      }
    }
    return violations;
  }

  /** The per-range rules, mirroring the CEL rules on {@link IpRange}. */
  static List<Violation> validate(IpRange range, String path) {
    List<Violation> violations = new ArrayList<>();
    long start = toLong(range.startIp);
    long end = toLong(range.endIp);
    if ((range.netmask == null) == (range.prefixLength == null)) {
      violations.add(new Violation(path, "exactly one of netmask or prefixLength must be set"));
    }
    if (start > end) {
      violations.add(new Violation(path, "startIp must not be greater than endIp"));
    }
    if (!usable(range.startIp) || !usable(range.endIp)) {
      violations.add(
          new Violation(
              path,
              "addresses must not be loopback, link-local, multicast or reserved (class D/E)"));
    }
    Subnet subnet = subnet(range);
    if (subnet != null) {
      if (!subnet.contains(end)) {
        violations.add(new Violation(path, "startIp and endIp must be in the same subnet"));
      }
      if (start == subnet.network() || end == subnet.network() + subnet.size() - 1) {
        violations.add(
            new Violation(
                path, "the range must not include the subnet's network or broadcast address"));
      }
      if (range.gateway != null && !subnet.contains(toLong(range.gateway))) {
        violations.add(
            new Violation(path + ".gateway", "gateway must be inside the range's subnet"));
      }
    }
    if (range.gateway != null) {
      long gateway = toLong(range.gateway);
      if (gateway >= start && gateway <= end) {
        violations.add(
            new Violation(path + ".gateway", "gateway must not lie between startIp and endIp"));
      }
    } else if (!isAddressPool(range)) {
      violations.add(new Violation(path + ".gateway", "a Normal range needs a gateway"));
    }
    return violations;
  }

  /** The subnet of a range's start address, or null when neither mask field is set. */
  public static Subnet subnet(IpRange range) {
    long size;
    if (range.prefixLength != null) {
      size = 1L << (32 - range.prefixLength);
    } else if (range.netmask != null) {
      size = (1L << 32) - toLong(range.netmask);
    } else {
      return null;
    }
    long start = toLong(range.startIp);
    return new Subnet(start - start % size, size);
  }

  /** The address as an unsigned 32-bit number. */
  public static long toLong(String ipv4) {
    String[] octets = Objects.requireNonNull(ipv4, "address").split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
    }
    long value = 0;
    for (String octet : octets) {
      int part = Integer.parseInt(octet);
      if (part < 0 || part > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
      }
      value = value * 256 + part;
    }
    return value;
  }

  /** The dotted-quad form of an unsigned 32-bit number. */
  public static String format(long address) {
    return (address >> 24 & 255)
        + "."
        + (address >> 16 & 255)
        + "."
        + (address >> 8 & 255)
        + "."
        + (address & 255);
  }

  private static boolean overlap(IpRange a, IpRange b) {
    return toLong(a.startIp) <= toLong(b.endIp) && toLong(b.startIp) <= toLong(a.endIp);
  }

  private static boolean isAddressPool(IpRange range) {
    return range.type == IpRangeType.AddressPool;
  }

  private static boolean usable(String ip) {
    int first = Integer.parseInt(ip.substring(0, ip.indexOf('.')));
    return first > 0 && first < 224 && !ip.startsWith("127.") && !ip.startsWith("169.254.");
  }
}
