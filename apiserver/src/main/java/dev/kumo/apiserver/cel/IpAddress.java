package dev.kumo.apiserver.cel;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as the Kubernetes CEL {@code ip} library sees it ({@code net.IP}), parsed
 * and printed like Go's {@code net/netip}: no leading zeros in IPv4 octets, and IPv6 addresses
 * printed in canonical RFC 5952 form.
 */
final class IpAddress {
  private final byte[] bytes;

  IpAddress(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /**
   * Parses {@code text} as Kubernetes does: like Go's {@code netip.ParseAddr}, and without IPv6
   * zones or IPv4-mapped IPv6 addresses.
   *
   * @throws IllegalArgumentException with the message Kubernetes reports for a bad address
   */
  static IpAddress parse(String text) {
    if (text.indexOf('%') >= 0 && text.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "IP address " + GoFormat.quote(text) + " with zone value is not allowed");
    }
    IpAddress address;
    try {
      address = parseAddr(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "IP Address "
              + GoFormat.quote(text)
              + " parse error during conversion from string: "
              + e.getMessage());
    }
    if (address.isIpv4MappedIpv6()) {
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 address " + GoFormat.quote(text) + " is not allowed");
    }
    return address;
  }

  /**
   * Parses {@code text} like Go's {@code netip.ParseAddr}, except that zones are rejected.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code ParseAddr("1.2.3"): IPv4
   *     address too short}
   */
  static IpAddress parseAddr(String text) {
    try {
      return new IpAddress(parseBytes(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ParseAddr(" + GoFormat.quote(text) + "): " + e.getMessage(), e);
    }
  }

  private static byte[] parseBytes(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("unable to parse IP");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        return parseIpv4(text);
      }
      if (c == ':') {
        if (text.indexOf('%') >= 0) {
          throw new IllegalArgumentException("zones are not allowed");
        }
        return parseIpv6(text);
      }
      if (c == '%') {
        throw new IllegalArgumentException("missing IPv6 address");
      }
    }
    throw new IllegalArgumentException("unable to parse IP");
  }

  private static byte[] parseIpv4(String text) {
    byte[] ip = new byte[4];
    int field = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          throw new IllegalArgumentException("IPv4 field has octet with leading zero");
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          throw new IllegalArgumentException("IPv4 field has value >255");
        }
      } else if (c == '.') {
        if (digits == 0) {
          throw new IllegalArgumentException("IPv4 field must have at least one digit");
        }
        if (field == 3) {
          throw new IllegalArgumentException("IPv4 address too long");
        }
        ip[field++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        throw new IllegalArgumentException("unexpected character");
      }
    }
    if (digits == 0) {
      throw new IllegalArgumentException("IPv4 field must have at least one digit");
    }
    if (field < 3) {
      throw new IllegalArgumentException("IPv4 address too short");
    }
    ip[3] = (byte) value;
    return ip;
  }

  private static byte[] parseIpv6(String s) {
    byte[] ip = new byte[16];
    int ellipsis = -1;
    int i = 0;
    int pos = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      pos = 2;
      if (pos == s.length()) {
        return ip;
      }
    }
    while (i < 16) {
      int start = pos;
      int field = 0;
      while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
        field = field * 16 + Character.digit(s.charAt(pos), 16);
        pos++;
        if (pos - start > 4) {
          throw new IllegalArgumentException(
              "each colon-separated field must have at most 4 hex digits");
        }
      }
      if (pos == start) {
        throw new IllegalArgumentException(
            "each colon-separated field must have at least one digit");
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        if (ellipsis < 0 && i != 12) {
          throw new IllegalArgumentException(
              "embedded IPv4 address must replace the final 2 fields of the address");
        }
        if (i + 4 > 16) {
          throw new IllegalArgumentException(
              "too many hex fields to fit an embedded IPv4 at the end of the address");
        }
        System.arraycopy(parseIpv4(s.substring(start)), 0, ip, i, 4);
        i += 4;
        pos = s.length();
        break;
      }
      ip[i] = (byte) (field >> 8);
      ip[i + 1] = (byte) field;
      i += 2;
      if (pos == s.length()) {
        break;
      }
      if (s.charAt(pos) != ':') {
        throw new IllegalArgumentException("unexpected character, want colon");
      }
      if (pos + 1 == s.length()) {
        throw new IllegalArgumentException("colon must be followed by more characters");
      }
      pos++;
      if (s.charAt(pos) == ':') {
        if (ellipsis >= 0) {
          throw new IllegalArgumentException("multiple :: in address");
        }
        ellipsis = i;
        pos++;
        if (pos == s.length()) {
          break;
        }
      }
    }
    if (pos != s.length()) {
      throw new IllegalArgumentException("trailing garbage after address");
    }
    if (i < 16) {
      if (ellipsis < 0) {
        throw new IllegalArgumentException("address string too short");
      }
      int shift = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + shift] = ip[j];
      }
      Arrays.fill(ip, ellipsis, ellipsis + shift, (byte) 0);
    } else if (ellipsis >= 0) {
      throw new IllegalArgumentException("the :: must expand to at least one field of zeros");
    }
    return ip;
  }

  /** 4 or 6. */
  long family() {
    return bytes.length == 4 ? 4 : 6;
  }

  int bitLength() {
    return bytes.length * 8;
  }

  boolean isUnspecified() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  boolean isLoopback() {
    if (bytes.length == 4) {
      return unsigned(0) == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[15] == 1;
  }

  boolean isMulticast() {
    return bytes.length == 4 ? (unsigned(0) >> 4) == 0xE : unsigned(0) == 0xFF;
  }

  boolean isLinkLocalMulticast() {
    return bytes.length == 4
        ? unsigned(0) == 224 && unsigned(1) == 0 && unsigned(2) == 0
        : unsigned(0) == 0xFF && (unsigned(1) & 0x0F) == 0x02;
  }

  boolean isLinkLocalUnicast() {
    return bytes.length == 4
        ? unsigned(0) == 169 && unsigned(1) == 254
        : unsigned(0) == 0xFE && (unsigned(1) & 0xC0) == 0x80;
  }

  /** Like Go: private IPv4 and unique-local IPv6 addresses still count as global unicast. */
  boolean isGlobalUnicast() {
    if (bytes.length == 4 && Arrays.equals(bytes, new byte[] {-1, -1, -1, -1})) {
      return false;
    }
    return !isUnspecified() && !isLoopback() && !isMulticast() && !isLinkLocalUnicast();
  }

  boolean isIpv4MappedIpv6() {
    if (bytes.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return unsigned(10) == 0xFF && unsigned(11) == 0xFF;
  }

  private int unsigned(int index) {
    return bytes[index] & 0xFF;
  }

  /** The same address with every bit past the first {@code prefixLength} cleared. */
  IpAddress masked(int prefixLength) {
    byte[] masked = bytes.clone();
    for (int bit = prefixLength; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new IpAddress(masked);
  }

  @Override
  public String toString() {
    if (bytes.length == 4) {
      return unsigned(0) + "." + unsigned(1) + "." + unsigned(2) + "." + unsigned(3);
    }
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = (unsigned(2 * g) << 8) | unsigned(2 * g + 1);
    }
    int zeroStart = -1;
    int zeroEnd = -1;
    for (int g = 0; g < 8; g++) {
      int end = g;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - g >= 2 && end - g > zeroEnd - zeroStart) {
        zeroStart = g;
        zeroEnd = end;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g == zeroStart) {
        text.append("::");
        g = zeroEnd;
        if (g >= 8) {
          break;
        }
      } else if (g > 0) {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[g]));
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpAddress that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
