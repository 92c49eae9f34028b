package dev.kumo.reconcilers.ipam;

/** Strict IPv4 dotted-quad parsing and formatting on unsigned 32-bit numbers held in a long. */
public final class Ipv4 {
  /** Returned by {@link #parse} for anything that is not a dotted-quad IPv4 address. */
  public static final long INVALID = -1;

  private Ipv4() {}

  /**
   * The address as an unsigned 32-bit number, or {@link #INVALID}. Only canonical dotted quads are
   * accepted (four decimal octets 0–255, no signs, no leading zeros, no spaces).
   */
  public static long parse(String text) {
    if (text == null) {
      return INVALID;
    }
    long value = 0;
    int octets = 0;
    int i = 0;
    int n = text.length();
    while (octets < 4) {
      int begin = i;
      int octet = 0;
      while (i < n && i - begin < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        octet = octet * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - begin;
      if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text.charAt(begin) == '0')) {
        return INVALID;
      }
      value = value << 8 | octet;
      octets++;
      if (octets < 4) {
        if (i >= n || text.charAt(i) != '.') {
          return INVALID;
        }
        i++;
      }
    }
    return i == n ? value : INVALID;
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
}
