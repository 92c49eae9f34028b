package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON values to the values CEL rules see, following the schema like Kubernetes' {@code
 * UnstructuredToVal}: integers are {@code int} ({@link Long}), numbers {@code double}, objects with
 * properties are maps keyed by escaped property names holding only declared properties, {@code
 * additionalProperties} maps keep their keys, and formatted strings become timestamps, durations
 * and bytes.
 */
final class SchemaCelValues {
  private SchemaCelValues() {}

  /** The CEL value of {@code value}; JSON null (or a missing value) is CEL {@code null}. */
  static Object toCel(JsonNode value, SchemaView schema, boolean resourceRoot) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (schema.isIntOrString()) {
      return dynamic(value);
    }
    SchemaView s = resourceRoot ? schema.asResourceRoot() : schema;
    if (!s.accepts(value)) {
      // A value of the wrong shape fails structural validation; exposing it as is makes a rule
      // touching it fail with a type error instead of guessing.
      return dynamic(value);
    }
    return switch (s.type()) {
      case "object" -> object(value, s);
      case "array" -> array(value, s);
      case "string" -> string(value.asText(), s.format());
      case "integer" -> value.asLong();
      case "number" -> value.asDouble();
      default -> dynamic(value);
    };
  }

  private static Object object(JsonNode value, SchemaView s) {
    if (s.additionalProperties().isPresent()) {
      SchemaView values = s.additionalProperties().get();
      Map<String, Object> map = new LinkedHashMap<>();
      value
          .properties()
          .forEach(
              e -> map.put(e.getKey(), toCel(e.getValue(), values, values.isEmbeddedResource())));
      return Collections.unmodifiableMap(map);
    }
    Map<String, SchemaView> properties = s.properties();
    if (properties.isEmpty()) {
      // No declared field is reachable from CEL; keep the content so equality still means
      // something (Kubernetes compares only the sizes of such objects).
      return dynamic(value);
    }
    Map<String, Object> struct = new LinkedHashMap<>();
    value
        .properties()
        .forEach(
            e -> {
              SchemaView property = properties.get(e.getKey());
              if (property != null) {
                CelFieldNames.escape(e.getKey())
                    .ifPresent(
                        field ->
                            struct.put(
                                field,
                                toCel(e.getValue(), property, property.isEmbeddedResource())));
              }
            });
    return Collections.unmodifiableMap(struct);
  }

  private static Object array(JsonNode value, SchemaView s) {
    if (s.items().isEmpty()) {
      return dynamic(value);
    }
    SchemaView items = s.items().get();
    List<Object> list = new ArrayList<>(value.size());
    value.forEach(item -> list.add(toCel(item, items, items.isEmbeddedResource())));
    return Collections.unmodifiableList(list);
  }

  /** Unparseable formatted strings stay strings, so rules using them fail with a type error. */
  private static Object string(String text, String format) {
    try {
      return switch (format) {
        case "date-time" -> dateTime(text);
        case "date" -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        case "duration" -> GoDurations.parse(text);
        case "byte" -> CelByteString.of(Base64.getDecoder().decode(text));
        default -> text;
      };
    } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
      return text;
    }
  }

  private static Instant dateTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  /** Converts without a schema: objects to maps, arrays to lists, JSON scalars to CEL scalars. */
  static Object dynamic(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.properties().forEach(e -> map.put(e.getKey(), dynamic(e.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>(value.size());
      value.forEach(item -> list.add(dynamic(item)));
      return Collections.unmodifiableList(list);
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? (Object) value.asLong() : (Object) value.asDouble();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isBinary()) {
      return CelByteString.of(Base64.getDecoder().decode(value.asText()));
    }
    return value.asText();
  }
}
