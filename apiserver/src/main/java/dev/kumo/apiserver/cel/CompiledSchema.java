package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.schema.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every compiled rule of a CRD schema, arranged like the schema, so a whole object can be checked
 * in one walk the way kube-apiserver checks a custom resource on create and update. Immutable and
 * safe to share between threads.
 */
public final class CompiledSchema {
  private final SchemaView schema;
  private final CompiledRules rules;
  private final CompiledSchema items;
  private final Map<String, CompiledSchema> properties;
  private final CompiledSchema additionalProperties;
  private final List<CompiledSchema> allOf;

  CompiledSchema(
      SchemaView schema,
      CompiledRules rules,
      CompiledSchema items,
      Map<String, CompiledSchema> properties,
      CompiledSchema additionalProperties,
      List<CompiledSchema> allOf) {
    this.schema = schema;
    this.rules = rules;
    this.items = items;
    this.properties = Map.copyOf(properties);
    this.additionalProperties = additionalProperties;
    this.allOf = List.copyOf(allOf);
  }

  static CompiledSchema empty(SchemaView schema) {
    return new CompiledSchema(
        schema,
        new CompiledRules(List.of(), schema, true, BadValueStyle.SCHEMA_TYPE),
        null,
        Map.of(),
        null,
        List.of());
  }

  /**
   * Evaluates every rule whose node has a value in {@code object}; errors at the root of the object
   * are reported at {@code <nil>}, as kube-apiserver does.
   *
   * @param object the whole custom resource
   * @param oldObject the resource before the update, or {@code null} on create
   * @return the failures, in document order
   */
  public List<FieldError> validate(JsonNode object, JsonNode oldObject) {
    List<FieldError> errors = new ArrayList<>();
    validate(FieldPath.root(), object, oldObject, errors);
    return errors;
  }

  private void validate(FieldPath path, JsonNode value, JsonNode old, List<FieldError> errors) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    rules.evaluate(path, value, old, errors);
    for (CompiledSchema entry : allOf) {
      entry.validate(path, value, old, errors);
    }
    if (value.isArray() && items != null) {
      UnaryOperator<JsonNode> oldItem = oldItemFinder(old);
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        items.validate(path.index(i), item, oldItem.apply(item), errors);
      }
    }
    if (value.isObject()) {
      JsonNode oldObject = old != null && old.isObject() && schema.isCorrelatableMap() ? old : null;
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode oldField = oldObject == null ? null : oldObject.get(field.getKey());
        if (additionalProperties != null) {
          additionalProperties.validate(
              path.key(field.getKey()), field.getValue(), oldField, errors);
        }
        CompiledSchema property = properties.get(field.getKey());
        if (property != null) {
          property.validate(path.child(field.getKey()), field.getValue(), oldField, errors);
        }
      }
    }
  }

  /**
   * Finds the old version of a list item: by key in {@code x-kubernetes-list-type: map} lists, and
   * never in other lists, whose items Kubernetes does not correlate.
   */
  private UnaryOperator<JsonNode> oldItemFinder(JsonNode old) {
    if (old == null || !old.isArray() || !schema.listType().equals("map")) {
      return item -> null;
    }
    Map<List<Object>, JsonNode> oldByKey = new HashMap<>();
    for (JsonNode oldItem : old) {
      oldByKey.putIfAbsent(listMapKey(oldItem), oldItem);
    }
    return item -> oldByKey.get(listMapKey(item));
  }

  private List<Object> listMapKey(JsonNode item) {
    List<Object> key = new ArrayList<>();
    SchemaView itemSchema = schema.items().orElse(SchemaView.of(null));
    for (String name : schema.listMapKeys()) {
      JsonNode value = item.get(name);
      if (value == null || value.isNull()) {
        SchemaView property = itemSchema.properties().get(name);
        value = property == null ? null : property.defaultValue();
      }
      key.add(SchemaCelValues.dynamic(value));
    }
    return key;
  }
}
