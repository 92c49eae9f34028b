package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Equality of decoded JSON values as Go's {@code reflect.DeepEqual} sees it, where an int64 never
 * equals a float64, plus the conversions kube-openapi tries before comparing enum members.
 */
final class GoEquality {

  private GoEquality() {}

  static boolean deepEqual(JsonNode a, JsonNode b) {
    GoKind kind = GoKind.of(a);
    if (kind != GoKind.of(b)) {
      return false;
    }
    return switch (kind) {
      case NULL -> true;
      case BOOL -> a.booleanValue() == b.booleanValue();
      case INT -> a.longValue() == b.longValue();
      case FLOAT -> a.doubleValue() == b.doubleValue();
      case STRING -> a.asText().equals(b.asText());
      case SLICE -> sliceEqual(a, b);
      case MAP -> mapEqual(a, b);
    };
  }

  private static boolean sliceEqual(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!deepEqual(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean mapEqual(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!b.has(e.getKey()) || !deepEqual(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code data} matches one enum member. kube-openapi converts the value to the member's
   * Go type first when Go allows it, so 1.5 matches 1 and the integer 65 matches "A".
   */
  static boolean enumMatches(JsonNode data, JsonNode member) {
    GoKind from = GoKind.of(data);
    GoKind to = GoKind.of(member);
    if (from == GoKind.NULL || to == GoKind.NULL) {
      return false;
    }
    JsonNode converted = convert(data, from, to);
    return converted != null && deepEqual(converted, member);
  }

  private static JsonNode convert(JsonNode data, GoKind from, GoKind to) {
    if (from == to) {
      return data;
    }
    if (from == GoKind.INT && to == GoKind.FLOAT) {
      return DoubleNode.valueOf(data.longValue());
    }
    if (from == GoKind.FLOAT && to == GoKind.INT) {
      return LongNode.valueOf((long) data.doubleValue());
    }
    if (from == GoKind.INT && to == GoKind.STRING) {
      long v = data.longValue();
      boolean validRune = v >= 0 && v <= Character.MAX_CODE_POINT && (v < 0xD800 || v > 0xDFFF);
      return TextNode.valueOf(validRune ? Character.toString((int) v) : "\uFFFD");
    }
    return null;
  }
}
