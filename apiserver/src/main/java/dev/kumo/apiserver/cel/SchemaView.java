package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of an OpenAPI v3 schema node, exposing what CEL validation needs. Child views are
 * built once and kept, so a view tree held by compiled rules costs nothing per evaluation.
 */
final class SchemaView {
  private static final SchemaView STRING = new SchemaView(schemaOfType("string"));

  private final JsonNode node;
  private Map<String, SchemaView> properties;
  private Optional<SchemaView> items;
  private Optional<SchemaView> additionalProperties;
  private List<SchemaView> allOf;
  private SchemaView resourceRoot;

  private SchemaView(JsonNode node) {
    this.node = node == null ? MissingNode.getInstance() : node;
  }

  static SchemaView of(JsonNode node) {
    return new SchemaView(node);
  }

  /** The declared type, or {@code ""} when the schema declares none. */
  String type() {
    return node.path("type").asText("");
  }

  String format() {
    return node.path("format").asText("");
  }

  boolean isIntOrString() {
    return node.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  boolean isEmbeddedResource() {
    return node.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  /** {@code x-kubernetes-list-type}, {@code atomic} when unset. */
  String listType() {
    return node.path("x-kubernetes-list-type").asText("atomic");
  }

  List<String> listMapKeys() {
    List<String> keys = new ArrayList<>();
    node.path("x-kubernetes-list-map-keys").forEach(key -> keys.add(key.asText()));
    return keys;
  }

  /** Whether old and new values of this map can be matched by key (any map type but a new one). */
  boolean isCorrelatableMap() {
    String mapType = node.path("x-kubernetes-map-type").asText("granular");
    return mapType.equals("granular") || mapType.equals("atomic");
  }

  JsonNode defaultValue() {
    return node.get("default");
  }

  List<CelRule> rules() {
    return CelRule.fromSchema(node);
  }

  synchronized Map<String, SchemaView> properties() {
    if (properties == null) {
      Map<String, SchemaView> views = new LinkedHashMap<>();
      node.path("properties").properties().forEach(e -> views.put(e.getKey(), of(e.getValue())));
      properties = Collections.unmodifiableMap(views);
    }
    return properties;
  }

  synchronized Optional<SchemaView> items() {
    if (items == null) {
      JsonNode itemsNode = node.get("items");
      items =
          itemsNode != null && itemsNode.isObject() ? Optional.of(of(itemsNode)) : Optional.empty();
    }
    return items;
  }

  /** The schema of additional properties, present only when {@code additionalProperties} is one. */
  synchronized Optional<SchemaView> additionalProperties() {
    if (additionalProperties == null) {
      JsonNode ap = node.get("additionalProperties");
      additionalProperties = ap != null && ap.isObject() ? Optional.of(of(ap)) : Optional.empty();
    }
    return additionalProperties;
  }

  synchronized List<SchemaView> allOf() {
    if (allOf == null) {
      List<SchemaView> views = new ArrayList<>();
      node.path("allOf").forEach(entry -> views.add(of(entry)));
      allOf = List.copyOf(views);
    }
    return allOf;
  }

  /**
   * This schema as seen at the root of a resource: {@code apiVersion}, {@code kind}, {@code
   * metadata.name} and {@code metadata.generateName} are always declared, and {@code metadata}
   * declares nothing else (Kubernetes' {@code WithTypeAndObjectMeta}).
   */
  synchronized SchemaView asResourceRoot() {
    if (resourceRoot == null) {
      resourceRoot = declaresTypeAndObjectMeta() ? this : withTypeAndObjectMeta();
    }
    return resourceRoot;
  }

  private boolean declaresTypeAndObjectMeta() {
    Map<String, SchemaView> props = properties();
    SchemaView metadata = props.get("metadata");
    return isString(props.get("kind"))
        && isString(props.get("apiVersion"))
        && metadata != null
        && metadata.type().equals("object")
        && isString(metadata.properties().get("name"))
        && isString(metadata.properties().get("generateName"));
  }

  private static boolean isString(SchemaView schema) {
    return schema != null && schema.type().equals("string");
  }

  private SchemaView withTypeAndObjectMeta() {
    SchemaView view = new SchemaView(node);
    Map<String, SchemaView> props = new LinkedHashMap<>(properties());
    props.put("kind", STRING);
    props.put("apiVersion", STRING);
    ObjectNode metadata = schemaOfType("object");
    metadata.putObject("properties").set("name", schemaOfType("string"));
    ((ObjectNode) metadata.get("properties")).set("generateName", schemaOfType("string"));
    props.put("metadata", of(metadata));
    view.properties = Collections.unmodifiableMap(props);
    view.resourceRoot = view;
    return view;
  }

  private static ObjectNode schemaOfType(String type) {
    return JsonNodeFactory.instance.objectNode().put("type", type);
  }

  /** Whether a JSON value has the shape this schema's type demands (no type accepts anything). */
  boolean accepts(JsonNode value) {
    if (isIntOrString()) {
      return value.isIntegralNumber() || value.isTextual();
    }
    return switch (type()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || isIntegralDouble(value);
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static boolean isIntegralDouble(JsonNode value) {
    return value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble());
  }
}
