package dev.kumo.apiserver.schema;

/**
 * Go's IP address parsers. kube-openapi checks {@code ipv4} and {@code cidr} with the "sloppy"
 * parsers Kubernetes forked from Go 1.16 (leading zeros allowed), and {@code ipv6} with today's
 * {@code net.ParseIP} (at most four hex digits a group, no leading zeros in an embedded IPv4).
 */
final class IpAddressParser {

  private static final int IPV4_LEN = 4;
  private static final int IPV6_LEN = 16;
  private static final int BIG = 0xFFFFFF;

  private final boolean sloppy;

  private IpAddressParser(boolean sloppy) {
    this.sloppy = sloppy;
  }

  static final IpAddressParser SLOPPY = new IpAddressParser(true);
  static final IpAddressParser STRICT = new IpAddressParser(false);

  /** Parses an IPv4 or IPv6 address, deciding by whichever of '.' or ':' comes first. */
  byte[] parseIp(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        return parseIpv4(s);
      }
      if (c == ':') {
        return parseIpv6(s);
      }
    }
    return null;
  }

  /** {@code ParseCIDRSloppy}: an address, a slash and a decimal prefix length. */
  boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String addr = s.substring(0, slash);
    String mask = s.substring(slash + 1);
    int bits = 8 * IPV4_LEN;
    byte[] ip = parseIpv4(addr);
    if (ip == null) {
      bits = 8 * IPV6_LEN;
      ip = parseIpv6(addr);
    }
    int[] n = decimal(mask, 0);
    return ip != null && n != null && n[1] == mask.length() && n[0] <= bits;
  }

  private byte[] parseIpv4(String s) {
    byte[] ip = new byte[IPV4_LEN];
    int pos = 0;
    for (int i = 0; i < IPV4_LEN; i++) {
      if (pos >= s.length()) {
        return null;
      }
      if (i > 0) {
        if (s.charAt(pos) != '.') {
          return null;
        }
        pos++;
      }
      int[] n = decimal(s, pos);
      if (n == null || n[0] > 0xFF) {
        return null;
      }
      if (!sloppy && n[1] - pos > 1 && s.charAt(pos) == '0') {
        return null;
      }
      ip[i] = (byte) n[0];
      pos = n[1];
    }
    return pos == s.length() ? ip : null;
  }

  private byte[] parseIpv6(String s) {
    byte[] ip = new byte[IPV6_LEN];
    int ellipsis = -1;
    int pos = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      pos = 2;
      if (pos == s.length()) {
        return ip;
      }
    }
    int i = 0;
    while (i < IPV6_LEN) {
      int[] n = hex(s, pos);
      if (n == null || n[0] > 0xFFFF || (!sloppy && n[1] - pos > 4)) {
        return null;
      }
      if (n[1] < s.length() && s.charAt(n[1]) == '.') {
        if (ellipsis < 0 && i != IPV6_LEN - IPV4_LEN) {
          return null;
        }
        if (i + IPV4_LEN > IPV6_LEN) {
          return null;
        }
        byte[] ip4 = parseIpv4(s.substring(pos));
        if (ip4 == null) {
          return null;
        }
        System.arraycopy(ip4, 0, ip, i, IPV4_LEN);
        pos = s.length();
        i += IPV4_LEN;
        break;
      }
      ip[i] = (byte) (n[0] >> 8);
      ip[i + 1] = (byte) n[0];
      i += 2;
      pos = n[1];
      if (pos == s.length()) {
        break;
      }
      if (s.charAt(pos) != ':' || pos + 1 == s.length()) {
        return null;
      }
      pos++;
      if (s.charAt(pos) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = i;
        pos++;
        if (pos == s.length()) {
          break;
        }
      }
    }
    if (pos != s.length()) {
      return null;
    }
    if (i < IPV6_LEN) {
      if (ellipsis < 0) {
        return null;
      }
      int shift = IPV6_LEN - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + shift] = ip[j];
      }
      for (int j = ellipsis + shift - 1; j >= ellipsis; j--) {
        ip[j] = 0;
      }
    } else if (ellipsis >= 0) {
      return null;
    }
    return ip;
  }

  /** Go's dtoi: returns {value, end} or null when no digit was read or the value overflowed. */
  private static int[] decimal(String s, int start) {
    int n = 0;
    int i = start;
    for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
      n = n * 10 + (s.charAt(i) - '0');
      if (n >= BIG) {
        return null;
      }
    }
    return i == start ? null : new int[] {n, i};
  }

  /** Go's xtoi: hexadecimal counterpart of {@link #decimal}. */
  private static int[] hex(String s, int start) {
    int n = 0;
    int i = start;
    for (; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 0x7F) {
        break;
      }
      n = n * 16 + d;
      if (n >= BIG) {
        return null;
      }
    }
    return i == start ? null : new int[] {n, i};
  }
}
