package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A structured-merge-diff {@code schema.Atom}: the forms a value of this type may take (scalar,
 * list, map) and how each form is tracked. A type allowing several forms (an untyped schema node)
 * is narrowed to the form of the actual value, as SMD's {@code deduceAtom} does.
 */
final class SmdType {
  private final boolean scalar;
  private ListType list;
  private MapType map;

  /** How a list is tracked: atomically, or item by item (by key, or by value for sets). */
  record ListType(boolean atomic, List<String> keys, SmdType elementType) {
    boolean isSet() {
      return !atomic && keys.isEmpty();
    }
  }

  /**
   * How a map or object is tracked.
   *
   * @param atomic {@code x-kubernetes-map-type: atomic}
   * @param fields the declared ("named") fields
   * @param elementType the type of other keys, or null when other keys are not allowed
   */
  record MapType(boolean atomic, Map<String, Field> fields, SmdType elementType) {}

  /**
   * A declared field.
   *
   * @param type its type
   * @param defaultValue its schema default (used for missing map-list keys), or null
   */
  record Field(SmdType type, JsonNode defaultValue) {}

  /** SMD's {@code __untyped_atomic_}: any value, owned as a whole. */
  static final SmdType UNTYPED_ATOMIC = new SmdType(true, null, null);

  /** SMD's {@code __untyped_deduced_}: maps granular, lists atomic, scalars leaves. */
  static final SmdType DEDUCED = new SmdType(true, null, null);

  static {
    UNTYPED_ATOMIC.list = new ListType(true, List.of(), UNTYPED_ATOMIC);
    UNTYPED_ATOMIC.map = new MapType(true, Map.of(), UNTYPED_ATOMIC);
    DEDUCED.list = new ListType(true, List.of(), UNTYPED_ATOMIC);
    DEDUCED.map = new MapType(false, Map.of(), DEDUCED);
  }

  SmdType(boolean scalar, ListType list, MapType map) {
    this.scalar = scalar;
    this.list = list;
    this.map = map;
  }

  static SmdType scalarType() {
    return new SmdType(true, null, null);
  }

  static SmdType listType(ListType list) {
    return new SmdType(false, list, null);
  }

  static SmdType mapType(MapType map) {
    return new SmdType(false, null, map);
  }

  boolean scalar() {
    return scalar;
  }

  ListType list() {
    return list;
  }

  MapType map() {
    return map;
  }

  /**
   * SMD's {@code deduceAtom}: the form matching {@code value} when this type allows it, else this
   * type unchanged (absent and null values too).
   */
  SmdType deduce(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return this;
    }
    if (value.isValueNode()) {
      return scalar && (list != null || map != null) ? new SmdType(true, null, null) : this;
    }
    if (value.isArray()) {
      return list != null && (scalar || map != null) ? new SmdType(false, list, null) : this;
    }
    return map != null && (scalar || list != null) ? new SmdType(false, null, map) : this;
  }

  /** Whether both types allow the same forms with the same tracking (SMD's atom equality). */
  boolean sameForms(SmdType other) {
    return scalar == other.scalar && list == other.list && map == other.map;
  }

  /** The type of key {@code name} of a map of this type, or null when not allowed. */
  SmdType fieldType(String name) {
    Field f = map.fields().get(name);
    return f != null ? f.type() : map.elementType();
  }

  /** The {@code metadata} type: kube's {@code ObjectMeta} schema, whatever the CRD declares. */
  static SmdType objectMeta() {
    SmdType string = scalarType();
    Map<String, Field> fields = new LinkedHashMap<>();
    for (String name :
        List.of(
            "name",
            "generateName",
            "namespace",
            "selfLink",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds")) {
      fields.put(name, new Field(string, null));
    }
    SmdType stringMap = mapType(new MapType(false, Map.of(), string));
    fields.put("labels", new Field(stringMap, null));
    fields.put("annotations", new Field(stringMap, null));
    fields.put("finalizers", new Field(listType(new ListType(false, List.of(), string)), null));
    Map<String, Field> ownerRef = new LinkedHashMap<>();
    for (String name :
        List.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion")) {
      ownerRef.put(name, new Field(string, null));
    }
    SmdType ownerReference = mapType(new MapType(true, ownerRef, null));
    fields.put(
        "ownerReferences",
        new Field(listType(new ListType(false, List.of("uid"), ownerReference)), null));
    Map<String, Field> entry = new LinkedHashMap<>();
    for (String name :
        List.of("manager", "operation", "apiVersion", "time", "fieldsType", "subresource")) {
      entry.put(name, new Field(string, null));
    }
    entry.put("fieldsV1", new Field(mapType(new MapType(false, Map.of(), DEDUCED)), null));
    fields.put(
        "managedFields",
        new Field(
            listType(new ListType(true, List.of(), mapType(new MapType(false, entry, null)))),
            null));
    return mapType(new MapType(false, fields, null));
  }
}
