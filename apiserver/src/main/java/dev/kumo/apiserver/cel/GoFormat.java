package dev.kumo.apiserver.cel;

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

  /**
   * Go's {@code strconv.Quote}: double quotes, with backslash escapes for the unprintable, which
   * here are the ISO control characters and unassigned code points.
   */
  static String quote(String s) {
    return dev.kumo.apiserver.schema.GoFormat.quote(
        s,
        cp -> cp >= 0x20 && cp != 0x7F && !Character.isISOControl(cp) && Character.isDefined(cp));
  }

  /**
   * Go's {@code %v} for a float64: the shortest representation, in exponent form only when the
   * exponent is below -4 or at least 21.
   */
  static String formatDouble(double d) {
    return dev.kumo.apiserver.schema.GoFormat.formatFloat(d, 21);
  }
}
