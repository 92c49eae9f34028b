package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Value semantics of structured-merge-diff's {@code value} package on Jackson trees: its total
 * order ({@code value.Compare}), its equality ({@code value.Equals}, numbers compare numerically),
 * the JSON its path elements embed (json-iterator in standard-library mode: sorted map keys, HTML
 * characters escaped) and {@code value.ToString} used in conflict paths.
 *
 * <p>A JSON number is an SMD int when it is integral in the source text ({@link
 * JsonNode#isIntegralNumber()}) and a float otherwise, as kube's JSON and YAML decoders do.
 */
final class GoValues {

  private GoValues() {}

  /** {@code value.Compare}: numbers, then strings, booleans, lists, maps, null. */
  static int compare(JsonNode lhs, JsonNode rhs) {
    if (isFloat(lhs) || isFloat(rhs)) {
      if (lhs.isNumber() && rhs.isNumber()) {
        return Double.compare(lhs.doubleValue(), rhs.doubleValue()) < 0
            ? -1
            : lhs.doubleValue() == rhs.doubleValue() ? 0 : 1;
      }
      return isFloat(lhs) ? -1 : 1;
    }
    int rank = Integer.compare(rank(lhs), rank(rhs));
    if (rank != 0) {
      return rank;
    }
    return switch (rank(lhs)) {
      case 0 -> lhs.bigIntegerValue().compareTo(rhs.bigIntegerValue());
      case 1 -> Integer.signum(lhs.textValue().compareTo(rhs.textValue()));
      case 2 -> Boolean.compare(lhs.booleanValue(), rhs.booleanValue());
      case 3 -> compareLists(lhs, rhs);
      case 4 -> compareMaps(lhs, rhs);
      default -> 0;
    };
  }

  private static int rank(JsonNode v) {
    if (v.isNumber()) {
      return 0;
    } else if (v.isTextual()) {
      return 1;
    } else if (v.isBoolean()) {
      return 2;
    } else if (v.isArray()) {
      return 3;
    } else if (v.isObject()) {
      return 4;
    }
    return 5;
  }

  private static boolean isFloat(JsonNode v) {
    return v.isNumber() && !v.isIntegralNumber();
  }

  private static int compareLists(JsonNode lhs, JsonNode rhs) {
    for (int i = 0; ; i++) {
      if (i >= lhs.size() && i >= rhs.size()) {
        return 0;
      } else if (i >= lhs.size()) {
        return -1;
      } else if (i >= rhs.size()) {
        return 1;
      }
      int c = compare(lhs.get(i), rhs.get(i));
      if (c != 0) {
        return c;
      }
    }
  }

  private static int compareMaps(JsonNode lhs, JsonNode rhs) {
    TreeSet<String> keys = new TreeSet<>();
    lhs.fieldNames().forEachRemaining(keys::add);
    rhs.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      JsonNode l = lhs.get(key);
      JsonNode r = rhs.get(key);
      if (l == null) {
        return 1;
      } else if (r == null) {
        return -1;
      }
      int c = compare(l, r);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** {@code value.Equals}: ints and floats compare numerically; maps ignore key order. */
  static boolean equal(JsonNode lhs, JsonNode rhs) {
    if (lhs.isNumber() && rhs.isNumber()) {
      if (isFloat(lhs) || isFloat(rhs)) {
        return lhs.doubleValue() == rhs.doubleValue();
      }
      return lhs.bigIntegerValue().equals(rhs.bigIntegerValue());
    }
    if (rank(lhs) != rank(rhs)) {
      return false;
    }
    if (lhs.isArray()) {
      if (lhs.size() != rhs.size()) {
        return false;
      }
      for (int i = 0; i < lhs.size(); i++) {
        if (!equal(lhs.get(i), rhs.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (lhs.isObject()) {
      if (lhs.size() != rhs.size()) {
        return false;
      }
      for (Iterator<String> it = lhs.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        JsonNode r = rhs.get(key);
        if (r == null || !equal(lhs.get(key), r)) {
          return false;
        }
      }
      return true;
    }
    if (lhs.isTextual()) {
      return lhs.textValue().equals(rhs.textValue());
    }
    if (lhs.isBoolean()) {
      return lhs.booleanValue() == rhs.booleanValue();
    }
    return true;
  }

  /** The JSON json-iterator writes for a value in standard-library mode. */
  static String toJson(JsonNode v) {
    StringBuilder b = new StringBuilder();
    writeJson(b, v);
    return b.toString();
  }

  private static void writeJson(StringBuilder b, JsonNode v) {
    if (v.isTextual()) {
      writeString(b, v.textValue());
    } else if (v.isIntegralNumber()) {
      b.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      b.append(formatFloat(v.doubleValue()));
    } else if (v.isBoolean()) {
      b.append(v.booleanValue());
    } else if (v.isArray()) {
      b.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        writeJson(b, v.get(i));
      }
      b.append(']');
    } else if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      b.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        writeString(b, keys.get(i));
        b.append(':');
        writeJson(b, v.get(keys.get(i)));
      }
      b.append('}');
    } else {
      b.append("null");
    }
  }

  /** A JSON string as Go's encoder writes it with HTML escaping on. */
  static void writeString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** json-iterator's {@code WriteFloat64}: 'f' format, or 'e' for very small or large values. */
  static String formatFloat(double d) {
    double abs = Math.abs(d);
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String digits = shortest.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - shortest.scale();
      StringBuilder b = new StringBuilder();
      if (d < 0) {
        b.append('-');
      }
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      b.append('e').append(exponent < 0 ? '-' : '+');
      int e = Math.abs(exponent);
      b.append(e < 10 ? "0" + e : String.valueOf(e));
      return b.toString().replace("e-0", "e-").replace("e+0", "e+");
    }
    return shortest.toPlainString();
  }

  /** {@code value.ToString}, used in conflict paths: strings quoted as Go's {@code %q}. */
  static String toGoString(JsonNode v) {
    if (v.isNull()) {
      return "null";
    } else if (v.isTextual()) {
      return goQuote(v.textValue());
    } else if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    } else if (v.isNumber()) {
      return goFloat(v.doubleValue());
    } else if (v.isBoolean()) {
      return String.valueOf(v.booleanValue());
    } else if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(toGoString(item)));
      return "[" + String.join(",", items) + "]";
    }
    StringBuilder b = new StringBuilder();
    v.fields()
        .forEachRemaining(e -> b.append(e.getKey()).append('=').append(toGoString(e.getValue())));
    return b.toString();
  }

  /** Go's {@code %v} of a float64 (shortest representation, exponent from 1e21 or below 1e-4). */
  private static String goFloat(double d) {
    double abs = Math.abs(d);
    if (abs != 0 && (abs < 1e-4 || abs >= 1e21)) {
      return formatFloat(d).replaceAll("e([+-])(\\d)$", "e$10$2");
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  /** {@code strconv.Quote}. */
  static String goQuote(String s) {
    return dev.kumo.apiserver.schema.GoFormat.quote(
        s,
        cp ->
            cp < 0x80
                ? cp >= 0x20 && cp < 0x7F
                : !Character.isISOControl(cp)
                    && Character.getType(cp) != Character.FORMAT
                    && Character.getType(cp) != Character.SURROGATE
                    && Character.getType(cp) != Character.PRIVATE_USE
                    && Character.getType(cp) != Character.UNASSIGNED
                    && Character.getType(cp) != Character.LINE_SEPARATOR
                    && Character.getType(cp) != Character.PARAGRAPH_SEPARATOR
                    && Character.getType(cp) != Character.SPACE_SEPARATOR);
  }
}
