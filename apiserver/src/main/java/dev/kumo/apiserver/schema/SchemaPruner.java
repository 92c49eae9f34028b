package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what a structural schema does not declare, like kube-apiserver's pruning on decode, and
 * the null values it drops before defaulting.
 */
public final class SchemaPruner {

  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private SchemaPruner() {}

  /**
   * Prunes unknown fields from {@code object} in place and returns their paths, sorted.
   *
   * <p>Below {@code x-kubernetes-preserve-unknown-fields} only declared properties are pruned
   * further. {@code apiVersion}, {@code kind} and {@code metadata} are kept, unpruned, at the root
   * and in {@code x-kubernetes-embedded-resource} objects. A list's items are pruned with the
   * {@code items} schema.
   */
  public static List<String> prune(StructuralSchema schema, ObjectNode object) {
    List<String> pruned = new ArrayList<>();
    prune(object, schema.asResourceRoot(), "", true, pruned);
    pruned.sort(GoFormat::compareStrings);
    return pruned;
  }

  static List<String> unknownFields(StructuralSchema schema, JsonNode object) {
    List<String> unknown = new ArrayList<>();
    prune(object, schema.asResourceRoot(), "", false, unknown);
    unknown.sort(GoFormat::compareStrings);
    return unknown;
  }

  /**
   * Drops {@code null} values of fields that are neither nullable nor defaulted, as kube-apiserver
   * does right after pruning, so that they read as absent. Nulls with a default are left for {@link
   * SchemaDefaulter}.
   */
  public static void pruneNonNullableNullsWithoutDefaults(StructuralSchema schema, JsonNode node) {
    if (node.isObject()) {
      List<String> drop = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : fields(node)) {
        StructuralSchema field = fieldSchema(e.getKey(), schema);
        if (e.getValue().isNull() && field != null && !field.nullable() && !field.hasDefault()) {
          drop.add(e.getKey());
        } else if (field != null) {
          pruneNonNullableNullsWithoutDefaults(field, e.getValue());
        }
      }
      ((ObjectNode) node).remove(drop);
    } else if (node.isArray() && schema != null && schema.items() != null) {
      for (JsonNode item : node) {
        pruneNonNullableNullsWithoutDefaults(schema.items(), item);
      }
    }
  }

  private static StructuralSchema fieldSchema(String field, StructuralSchema s) {
    if (s == null) {
      return null;
    }
    StructuralSchema property = s.properties().get(field);
    if (property != null) {
      return property;
    }
    return s.additionalProperties() == null ? null : s.additionalProperties().schema();
  }

  private static void prune(
      JsonNode node, StructuralSchema s, String path, boolean remove, List<String> pruned) {
    if (s != null && s.extensions().preserveUnknownFields()) {
      pruneDeclared(node, s, path, remove, pruned);
      return;
    }
    if (node.isObject()) {
      List<String> unknown = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : fields(node)) {
        String key = e.getKey();
        if (s == null) {
          unknown.add(key);
        } else if (s.extensions().embeddedResource() && META_FIELDS.contains(key)) {
          continue;
        } else if (s.properties().containsKey(key)) {
          prune(e.getValue(), s.properties().get(key), appendKey(path, key), remove, pruned);
        } else if (s.additionalProperties() != null) {
          prune(
              e.getValue(),
              s.additionalProperties().schema(),
              appendKey(path, key),
              remove,
              pruned);
        } else {
          unknown.add(key);
        }
      }
      for (String key : unknown) {
        pruned.add(appendKey(path, key));
      }
      if (remove) {
        ((ObjectNode) node).remove(unknown);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        prune(node.get(i), s == null ? null : s.items(), path + "[" + i + "]", remove, pruned);
      }
    }
  }

  /** Pruning below {@code x-kubernetes-preserve-unknown-fields}: declared fields only. */
  private static void pruneDeclared(
      JsonNode node, StructuralSchema s, String path, boolean remove, List<String> pruned) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : fields(node)) {
        String key = e.getKey();
        if (s.extensions().embeddedResource() && META_FIELDS.contains(key)) {
          continue;
        }
        if (s.properties().containsKey(key)) {
          prune(e.getValue(), s.properties().get(key), appendKey(path, key), remove, pruned);
        } else if (s.additionalProperties() != null) {
          prune(
              e.getValue(),
              s.additionalProperties().schema(),
              appendKey(path, key),
              remove,
              pruned);
        }
      }
    } else if (node.isArray() && s.items() != null) {
      for (int i = 0; i < node.size(); i++) {
        pruneDeclared(node.get(i), s.items(), path + "[" + i + "]", remove, pruned);
      }
    }
  }

  private static String appendKey(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(fields::add);
    return fields;
  }
}
