package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * apiextensions-apiserver's list-type check: items of an {@code x-kubernetes-list-type: set} must
 * be unique, and so must the keys of the items of a {@code map} list.
 */
final class ListTypeValidator {

  /** Stands for an item of a map list that lacks the key. */
  private static final Object UNSPECIFIED = new Object();

  private ListTypeValidator() {}

  static List<FieldError> validate(StructuralSchema schema, JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    if (object != null && object.isObject()) {
      validateObject(FieldPath.root(), schema, object, errors);
    }
    return errors;
  }

  private static void validateObject(
      FieldPath path, StructuralSchema s, JsonNode object, List<FieldError> errors) {
    StructuralSchema.AdditionalProperties additional = s.additionalProperties();
    if (additional != null && additional.schema() != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        validateValue(path.key(e.getKey()), additional.schema(), e.getValue(), errors);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      StructuralSchema property = s.properties().get(e.getKey());
      if (property != null) {
        validateValue(path.child(e.getKey()), property, e.getValue(), errors);
      }
    }
  }

  private static void validateValue(
      FieldPath path, StructuralSchema s, JsonNode value, List<FieldError> errors) {
    if (value.isArray()) {
      validateArray(path, s, value, errors);
    } else if (value.isObject()) {
      validateObject(path, s, value, errors);
    }
  }

  private static void validateArray(
      FieldPath path, StructuralSchema s, JsonNode list, List<FieldError> errors) {
    String listType = s.extensions().listType();
    if ("set".equals(listType)) {
      List<Object> keys = new ArrayList<>();
      list.forEach(keys::add);
      for (int i : nonUniqueIndexes(keys)) {
        errors.add(FieldError.duplicate(path.index(i).toString(), list.get(i)));
      }
    } else if ("map".equals(listType)) {
      validateMapList(path, s.extensions().listMapKeys(), list, errors);
    }
    if (s.items() != null) {
      for (int i = 0; i < list.size(); i++) {
        validateValue(path.index(i), s.items(), list.get(i), errors);
      }
    }
  }

  private static void validateMapList(
      FieldPath path, List<String> keyFields, JsonNode list, List<FieldError> errors) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (!item.isNull() && !item.isObject()) {
        errors.add(
            FieldError.invalid(
                path.index(i).toString(), item, "must be an object for an array of list-type map"));
        return;
      }
    }
    if (list.size() <= 1) {
      return;
    }
    List<Object> keys = new ArrayList<>();
    for (JsonNode item : list) {
      if (keyFields.size() == 1) {
        String keyField = keyFields.get(0);
        keys.add(item.isNull() || !item.has(keyField) ? UNSPECIFIED : item.get(keyField));
      } else {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        for (String keyField : keyFields) {
          if (item.has(keyField)) {
            key.set(keyField, item.get(keyField));
          }
        }
        keys.add(key);
      }
    }
    for (int i : nonUniqueIndexes(keys)) {
      Object key = keys.get(i);
      JsonNode shown;
      if (key == UNSPECIFIED) {
        shown = JsonNodeFactory.instance.objectNode();
      } else if (keyFields.size() == 1) {
        shown = JsonNodeFactory.instance.objectNode().set(keyFields.get(0), (JsonNode) key);
      } else {
        shown = (JsonNode) key;
      }
      errors.add(FieldError.duplicate(path.index(i).toString(), shown));
    }
  }

  /**
   * The index of the second occurrence of every repeated value. Scalars compare as Go interface
   * values (an int64 never equals a float64); objects and lists compare by their JSON encoding.
   */
  private static List<Integer> nonUniqueIndexes(List<Object> values) {
    List<Integer> nonUnique = new ArrayList<>();
    if (values.size() <= 1) {
      return nonUnique;
    }
    Map<Object, Integer> seen = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      Object identity = identity(values.get(i));
      int times = seen.merge(identity, 1, Integer::sum);
      if (times == 2) {
        nonUnique.add(i);
      }
    }
    return nonUnique;
  }

  private static Object identity(Object value) {
    if (value == UNSPECIFIED) {
      return value;
    }
    JsonNode node = (JsonNode) value;
    GoKind kind = GoKind.of(node);
    return switch (kind) {
      case NULL -> kind;
      case BOOL -> List.of(kind, node.booleanValue());
      case INT -> List.of(kind, node.longValue());
      case FLOAT -> List.of(kind, node.doubleValue() == 0 ? 0.0 : node.doubleValue());
      case STRING -> List.of(kind, node.asText());
      case SLICE, MAP -> List.of(GoKind.MAP, GoFormat.json(node));
    };
  }
}
