package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies schema defaults the way kube-apiserver does for custom resources.
 *
 * <p>A property's default fills it in when the property is absent from an object that is present,
 * or when it is {@code null} and the property is not nullable. Defaults are applied top-down, so a
 * defaulted object gets its own properties' defaults too; list items and map values get the {@code
 * items} and {@code additionalProperties} defaults for their nulls. Fields unknown to the schema,
 * e.g. below {@code x-kubernetes-preserve-unknown-fields}, are never defaulted.
 */
public final class SchemaDefaulter {

  private SchemaDefaulter() {}

  /** Defaults {@code object} in place. */
  public static void applyDefaults(StructuralSchema schema, JsonNode object) {
    apply(object, schema);
  }

  private static void apply(JsonNode node, StructuralSchema s) {
    if (s == null) {
      return;
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, StructuralSchema> p : s.properties().entrySet()) {
        if (!p.getValue().hasDefault()) {
          continue;
        }
        JsonNode current = object.get(p.getKey());
        if (current == null || isNonNullableNull(current, p.getValue())) {
          object.set(p.getKey(), p.getValue().defaultValue());
        }
      }
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> e : fields) {
        StructuralSchema property = s.properties().get(e.getKey());
        if (property != null) {
          apply(e.getValue(), property);
        } else if (s.additionalProperties() != null) {
          StructuralSchema values = s.additionalProperties().schema();
          if (isNonNullableNull(e.getValue(), values)) {
            object.set(e.getKey(), defaultOrNull(values));
          }
          apply(object.get(e.getKey()), values);
        }
      }
    } else if (node instanceof ArrayNode list) {
      for (int i = 0; i < list.size(); i++) {
        if (isNonNullableNull(list.get(i), s.items())) {
          list.set(i, defaultOrNull(s.items()));
        }
        apply(list.get(i), s.items());
      }
    }
  }

  private static boolean isNonNullableNull(JsonNode value, StructuralSchema s) {
    return value.isNull() && s != null && !s.nullable();
  }

  private static JsonNode defaultOrNull(StructuralSchema s) {
    JsonNode defaultValue = s.defaultValue();
    return defaultValue == null ? NullNode.getInstance() : defaultValue;
  }
}
