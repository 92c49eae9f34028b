package dev.kumo.apiserver.cel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Renders values the way Go's {@code fmt} does in Kubernetes error messages. */
final class GoFormat {
  private GoFormat() {}

  /** {@code %q} for strings, {@code %v} for numbers and booleans, {@code null} for null. */
  static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return formatDouble(d);
    }
    return value.toString();
  }

  /** Go's {@code strconv.Quote}: double quotes, with backslash escapes for the unprintable. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 0x0B -> out.append("\\v");
                default -> {
                  if (cp < 0x20 || cp == 0x7F) {
                    out.append(String.format("\\x%02x", cp));
                  } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                    out.append(
                        cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /**
   * Go's {@code %v} for a float64: the shortest representation, in exponent form only when the
   * exponent is below -4 or at least 21.
   */
  static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal shortest = shortestDigits(d);
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = d < 0 ? "-" : "";
      String expSign = exponent < 0 ? "-" : "+";
      int absExp = Math.abs(exponent);
      return sign + mantissa + "e" + expSign + (absExp < 10 ? "0" : "") + absExp;
    }
    return shortest.toPlainString();
  }

  /** The fewest significant digits that still read back as {@code d}, as Go prints floats. */
  private static BigDecimal shortestDigits(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
