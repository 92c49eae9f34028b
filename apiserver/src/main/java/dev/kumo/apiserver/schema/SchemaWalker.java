package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Walks a value together with its structural schema, depth first and parents before children:
 * declared properties as {@code .name}, map entries under {@code additionalProperties} as {@code
 * [key]}, list items as {@code [i]} — the paths kube-apiserver gives CEL rule failures. Fields the
 * schema does not declare (below {@code x-kubernetes-preserve-unknown-fields}) are not visited.
 */
public final class SchemaWalker {

  private SchemaWalker() {}

  /** Visits {@code value} and everything below it that {@code schema} declares. */
  public static void walk(StructuralSchema schema, JsonNode value, SchemaVisitor visitor) {
    walk(FieldPath.root(), schema, value, visitor);
  }

  private static void walk(
      FieldPath path, StructuralSchema schema, JsonNode value, SchemaVisitor visitor) {
    visitor.visit(path, schema, value);
    if (value.isObject()) {
      StructuralSchema.AdditionalProperties additional = schema.additionalProperties();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        StructuralSchema property = schema.properties().get(e.getKey());
        if (property != null) {
          walk(path.child(e.getKey()), property, e.getValue(), visitor);
        } else if (additional != null && additional.schema() != null) {
          walk(path.key(e.getKey()), additional.schema(), e.getValue(), visitor);
        }
      }
    } else if (value.isArray() && schema.items() != null) {
      for (int i = 0; i < value.size(); i++) {
        walk(path.index(i), schema.items(), value.get(i), visitor);
      }
    }
  }
}
