package dev.kumo.apiserver.schema;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The {@code duration} format: Go's {@code time.ParseDuration} ("1h30m"), or failing that the
 * Scala-style spelling go-openapi also accepts ("3 days", "10 min").
 */
final class DurationParser {

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
  private static final Map<String, Long> GO_UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final List<List<String>> SCALA_UNITS =
      List.of(
          List.of("ns", "nano"),
          List.of("us", "\u00b5s", "micro"),
          List.of("ms", "milli"),
          List.of("s", "sec"),
          List.of("m", "min"),
          List.of("h", "hr", "hour"),
          List.of("d", "day"),
          List.of("w", "wk", "week"));
  private static final Re2Pattern SCALA_SHAPE =
      Re2Pattern.compile("^\\s*(?:\\d+\\s*[A-Za-z\u00b5]+\\s*)+$");
  private static final java.util.regex.Pattern SCALA_PART =
      java.util.regex.Pattern.compile("((\\d+)[\\t\\n\\f\\r ]*([A-Za-z\u00b5]+))");

  private DurationParser() {}

  static boolean isValid(String s) {
    return isGoDuration(s) || isScalaDuration(s);
  }

  private static boolean isGoDuration(String orig) {
    String s = orig;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return true;
    }
    if (s.isEmpty()) {
      return false;
    }
    BigInteger total = BigInteger.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        return false;
      }
      int start = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      BigInteger whole = start == pos ? BigInteger.ZERO : new BigInteger(s.substring(start, pos));
      if (whole.compareTo(LIMIT) > 0) {
        return false;
      }
      boolean pre = pos != start;
      boolean post = false;
      String fraction = "";
      if (pos < s.length() && s.charAt(pos) == '.') {
        int fractionStart = ++pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
          pos++;
        }
        fraction = s.substring(fractionStart, pos);
        post = pos != fractionStart;
      }
      if (!pre && !post) {
        return false;
      }
      int unitStart = pos;
      while (pos < s.length() && s.charAt(pos) != '.' && !isDigit(s.charAt(pos))) {
        pos++;
      }
      Long unit = GO_UNITS.get(s.substring(unitStart, pos));
      if (unit == null) {
        return false;
      }
      BigInteger u = BigInteger.valueOf(unit);
      if (whole.compareTo(LIMIT.divide(u)) > 0) {
        return false;
      }
      BigInteger value = whole.multiply(u);
      if (!fraction.isEmpty()) {
        double f = Double.parseDouble("0." + fraction);
        value = value.add(BigInteger.valueOf((long) (f * unit)));
        if (value.compareTo(LIMIT) > 0) {
          return false;
        }
      }
      total = total.add(value);
      if (total.compareTo(LIMIT) > 0) {
        return false;
      }
    }
    return negative || total.compareTo(LIMIT) < 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isScalaDuration(String s) {
    if (!SCALA_SHAPE.matches(s)) {
      return false;
    }
    boolean ok = false;
    Matcher m = SCALA_PART.matcher(s);
    while (m.find()) {
      if (new BigInteger(m.group(2)).bitLength() > 63) {
        return false;
      }
      String unit = m.group(3).strip().toLowerCase(Locale.ROOT);
      for (List<String> variants : SCALA_UNITS) {
        for (int i = 0; i < variants.size(); i++) {
          String variant = variants.get(i);
          boolean last = i == variants.size() - 1;
          if ((last && unit.startsWith(variant)) || variant.equalsIgnoreCase(unit)) {
            ok = true;
          }
        }
      }
    }
    return ok;
  }
}
