package dev.kumo.apiserver.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Parses durations written as Go writes them ({@code 1h30m}, {@code 1.5s}, {@code -300ms}), plus
 * the {@code d} (day) and {@code w} (week) units OpenAPI's {@code duration} format also accepts.
 */
final class GoDurations {
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L,
          "d", 86_400_000_000_000L,
          "w", 604_800_000_000_000L);

  private GoDurations() {}

  static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration " + GoFormat.quote(text));
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String number = s.substring(numberStart, unitStart);
      Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
      if (number.isEmpty() || number.equals(".") || unit == null) {
        throw new IllegalArgumentException("invalid duration " + GoFormat.quote(text));
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger total = nanos.toBigInteger();
    Duration duration =
        Duration.ofSeconds(
            total.divide(BigInteger.valueOf(1_000_000_000L)).longValueExact(),
            total.remainder(BigInteger.valueOf(1_000_000_000L)).longValue());
    return negative ? duration.negated() : duration;
  }
}
