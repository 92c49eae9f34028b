package dev.kumo.apiserver.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;

/**
 * Text of a JSON value the way client-go's JSONPath prints it into a {@code string} column: strings
 * as they are, numbers and booleans as Go's {@code fmt.Print} writes them, objects and arrays as
 * Go's {@code json.Marshal} (keys sorted, {@code <>&} escaped).
 */
final class GoText {
  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private GoText() {}

  static String print(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return formatFloat(value.doubleValue());
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.asBoolean());
    }
    try {
      Object plain = SORTED.treeToValue(value, Object.class);
      return SORTED
          .writeValueAsString(plain)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form below 1e-4 or from 1e21. */
  static String formatFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = value < 0 ? "-" : "";
      return sign
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    return shortest.toPlainString();
  }
}
