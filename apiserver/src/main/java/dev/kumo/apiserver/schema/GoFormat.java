package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Renders values as Go's {@code fmt} and {@code encoding/json} do, because kube-apiserver builds
 * its messages with them and ours must match byte for byte.
 */
public final class GoFormat {

  private GoFormat() {}

  /** {@code strconv.Quote}, i.e. {@code %q} of a string. */
  static String quote(String s) {
    return quote(s, GoFormat::isPrint);
  }

  /**
   * {@code strconv.Quote}'s escaping, with {@code printable} deciding which code points outside the
   * named escapes are copied as they are; the others print as a hex escape ({@code x}, {@code u} or
   * {@code U} after a backslash).
   */
  public static String quote(String s, IntPredicate printable) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendQuoted(b, cp, printable));
    return b.append('"').toString();
  }

  private static void appendQuoted(StringBuilder b, int cp, IntPredicate printable) {
    switch (cp) {
      case '"' -> b.append("\\\"");
      case '\\' -> b.append("\\\\");
      case 0x07 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 0x0B -> b.append("\\v");
      default -> {
        if (printable.test(cp)) {
          b.appendCodePoint(cp);
        } else if (cp < ' ' || cp == 0x7F) {
          b.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          b.append(String.format("\\u%04x", cp));
        } else {
          b.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /**
   * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space.
   */
  private static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7F;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e+06 on. */
  static String formatFloat(double d) {
    return formatFloat(d, 6);
  }

  /**
   * A float64 as its shortest round-tripping digits, in exponent form (at least two exponent
   * digits) when the decimal exponent is below -4 or at least {@code exponentLimit}, plain
   * otherwise; {@code NaN}, {@code +Inf}, {@code -Inf} and {@code -0} as Go prints them.
   */
  public static String formatFloat(double d, int exponentLimit) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    Decimal dec = Decimal.shortest(d);
    int exp = dec.point - 1;
    return exp < -4 || exp >= exponentLimit ? dec.exponentForm(2) : dec.plainForm();
  }

  /** {@code encoding/json}'s float64 encoding. */
  static String jsonFloat(double d) {
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    Decimal dec = Decimal.shortest(d);
    double abs = Math.abs(d);
    if (abs < 1e-6 || abs >= 1e21) {
      // json cleans e-09 up to e-9, but keeps two digits for positive exponents
      String e = dec.exponentForm(2);
      return e.replaceFirst("e-0(\\d)$", "e-$1");
    }
    return dec.plainForm();
  }

  /** {@code %v} of any decoded JSON value, as field.Error prints a bad value. */
  static String value(JsonNode node) {
    return switch (GoKind.of(node)) {
      case STRING -> quote(node.asText());
      case INT -> Long.toString(node.longValue());
      case FLOAT -> formatFloat(node.doubleValue());
      case BOOL -> Boolean.toString(node.booleanValue());
      case NULL, SLICE, MAP -> json(node);
    };
  }

  /** {@code json.Marshal} of a decoded JSON value: sorted keys, HTML-safe string escaping. */
  static String json(JsonNode node) {
    StringBuilder b = new StringBuilder();
    appendJson(b, node);
    return b.toString();
  }

  private static void appendJson(StringBuilder b, JsonNode node) {
    switch (GoKind.of(node)) {
      case NULL -> b.append("null");
      case BOOL -> b.append(node.booleanValue());
      case INT -> b.append(node.longValue());
      case FLOAT -> b.append(jsonFloat(node.doubleValue()));
      case STRING -> appendJsonString(b, node.asText());
      case SLICE -> {
        b.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          appendJson(b, node.get(i));
        }
        b.append(']');
      }
      case MAP -> {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
        keys.sort(GoFormat::compareStrings);
        b.append('{');
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          appendJsonString(b, keys.get(i));
          b.append(':');
          appendJson(b, node.get(keys.get(i)));
        }
        b.append('}');
      }
    }
  }

  private static void appendJsonString(StringBuilder b, String s) {
    b.append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', 0x2028, 0x2029 -> b.append(String.format("\\u%04x", cp));
                default -> {
                  if (cp < 0x20) {
                    b.append(String.format("\\u%04x", cp));
                  } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                    b.append("\\ufffd");
                  } else {
                    b.appendCodePoint(cp);
                  }
                }
              }
            });
    b.append('"');
  }

  /** Go compares strings by their UTF-8 bytes, which is code point order. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A float64 as its shortest round-tripping decimal digits and the decimal point position. */
  private record Decimal(boolean negative, String digits, int point) {

    static Decimal shortest(double d) {
      BigDecimal exact = new BigDecimal(d).abs();
      BigDecimal chosen = exact;
      for (int precision = 1; precision <= 17; precision++) {
        BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        if (rounded.doubleValue() == Math.abs(d)) {
          chosen = rounded;
          break;
        }
      }
      chosen = chosen.stripTrailingZeros();
      String digits = chosen.unscaledValue().toString();
      return new Decimal(d < 0, digits, digits.length() - chosen.scale());
    }

    String exponentForm(int minExponentDigits) {
      StringBuilder b = new StringBuilder();
      if (negative) {
        b.append('-');
      }
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      int exp = point - 1;
      b.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      b.append("0".repeat(Math.max(0, minExponentDigits - e.length()))).append(e);
      return b.toString();
    }

    String plainForm() {
      StringBuilder b = new StringBuilder();
      if (negative) {
        b.append('-');
      }
      if (point <= 0) {
        b.append("0.").append("0".repeat(-point)).append(digits);
      } else if (point >= digits.length()) {
        b.append(digits).append("0".repeat(point - digits.length()));
      } else {
        b.append(digits, 0, point).append('.').append(digits, point, digits.length());
      }
      return b.toString();
    }
  }
}
