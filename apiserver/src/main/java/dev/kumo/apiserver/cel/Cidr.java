package dev.kumo.apiserver.cel;

/**
 * An IP prefix such as {@code 10.0.0.0/8} as the Kubernetes CEL {@code cidr} library sees it
 * ({@code net.CIDR}), parsed like Go's {@code netip.ParsePrefix}: the address is kept as written
 * (not masked) and the prefix length has no sign or leading zeros.
 */
final class Cidr {
  private final IpAddress address;
  private final int prefixLength;

  Cidr(IpAddress address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code text} as Kubernetes does.
   *
   * @throws IllegalArgumentException with the message Kubernetes reports for a bad prefix
   */
  static Cidr parse(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 0) {
      throw invalid(text, "no '/'");
    }
    IpAddress address;
    try {
      address = IpAddress.parseAddr(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
    if (address.isIpv4MappedIpv6()) {
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 address " + GoFormat.quote(text) + " is not allowed");
    }
    String bits = text.substring(slash + 1);
    boolean wellFormed =
        !bits.isEmpty()
            && bits.length() <= 3
            && bits.chars().allMatch(Character::isDigit)
            && (bits.length() == 1 || bits.charAt(0) != '0');
    if (!wellFormed) {
      throw invalid(text, "bad bits after slash: " + GoFormat.quote(bits));
    }
    int prefixLength = Integer.parseInt(bits);
    if (prefixLength > address.bitLength()) {
      throw invalid(text, "prefix length out of range");
    }
    return new Cidr(address, prefixLength);
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException(
        "network address parse error during conversion from string: netip.ParsePrefix("
            + GoFormat.quote(text)
            + "): "
            + reason);
  }

  /** The address as written, e.g. {@code 10.1.2.3} for {@code 10.1.2.3/8}. */
  IpAddress ip() {
    return address;
  }

  long prefixLength() {
    return prefixLength;
  }

  Cidr masked() {
    return new Cidr(address.masked(prefixLength), prefixLength);
  }

  boolean containsIp(IpAddress ip) {
    return ip.family() == address.family()
        && ip.masked(prefixLength).equals(address.masked(prefixLength));
  }

  boolean containsCidr(Cidr other) {
    return other.prefixLength >= prefixLength && containsIp(other.address);
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && address.equals(that.address);
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 31 + prefixLength;
  }
}
