package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a CRD's {@code openAPIV3Schema}, parsed into an immutable tree.
 *
 * <p>The structural part ({@code type}, {@code properties}, {@code items}, {@code
 * additionalProperties}, {@code default}, {@code nullable}) drives pruning and defaulting; {@link
 * #validation()} holds the value validations and {@link #extensions()} the {@code x-kubernetes-*}
 * vendor extensions. Nodes under {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not} are parsed
 * the same way and only ever validate values.
 *
 * @param type the {@code type} keyword, or "" when absent
 * @param nullable {@code nullable: true}
 * @param defaultValue the {@code default}, or null when absent (a copy is returned)
 * @param properties declared properties, in declaration order
 * @param items the {@code items} schema, or null
 * @param additionalProperties {@code additionalProperties}, or null when absent
 * @param validation value validations
 * @param extensions {@code x-kubernetes-*} extensions
 */
public record StructuralSchema(
    String type,
    boolean nullable,
    JsonNode defaultValue,
    Map<String, StructuralSchema> properties,
    StructuralSchema items,
    AdditionalProperties additionalProperties,
    ValueValidation validation,
    Extensions extensions) {

  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "integer", "number", "boolean");

  /** Keywords apiextensions-apiserver refuses in a CRD schema. */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "$ref",
          "$schema",
          "id",
          "definitions",
          "dependencies",
          "patternProperties",
          "additionalItems");

  /** Canonical constructor: defensive copies make the tree immutable. */
  public StructuralSchema {
    type = type == null ? "" : type;
    defaultValue = defaultValue == null ? null : defaultValue.deepCopy();
    properties =
        properties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    validation = validation == null ? ValueValidation.NONE : validation;
    extensions = extensions == null ? Extensions.NONE : extensions;
  }

  @Override
  public JsonNode defaultValue() {
    return defaultValue == null ? null : defaultValue.deepCopy();
  }

  /** Whether this node declares a {@code default}. */
  public boolean hasDefault() {
    return defaultValue != null;
  }

  /**
   * Parses an {@code openAPIV3Schema}.
   *
   * @throws IllegalArgumentException for schemas kube-apiserver would refuse: an unknown type, an
   *     invalid pattern, {@code $ref}, {@code patternProperties}, tuple {@code items}, etc.
   */
  public static StructuralSchema parse(JsonNode openApiV3Schema) {
    return parse(openApiV3Schema, "openAPIV3Schema");
  }

  /**
   * The types kube-openapi checks a value against: {@code [integer, string]} for {@code
   * x-kubernetes-int-or-string}, otherwise the declared type, if any.
   */
  public List<String> validationTypes() {
    if (extensions.intOrString()) {
      return List.of("integer", "string");
    }
    return type.isEmpty() ? List.of() : List.of(type);
  }

  /** The raw {@code x-kubernetes-validations} rules of this node (a copy; empty when none). */
  public ArrayNode validationRules() {
    return extensions.validations();
  }

  /** This schema as the root of a resource: apiVersion, kind and metadata are always known. */
  StructuralSchema asResourceRoot() {
    if (extensions.embeddedResource()) {
      return this;
    }
    Extensions e = extensions;
    return new StructuralSchema(
        type,
        nullable,
        defaultValue,
        properties,
        items,
        additionalProperties,
        validation,
        new Extensions(
            e.preserveUnknownFields(),
            true,
            e.intOrString(),
            e.listType(),
            e.listMapKeys(),
            e.mapType(),
            e.validations()));
  }

  private static StructuralSchema parse(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(at + ": must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String keyword = it.next();
      if (FORBIDDEN.contains(keyword)) {
        throw new IllegalArgumentException(at + "." + keyword + ": Forbidden in CRD schemas");
      }
    }
    String type = text(node, "type", at);
    if (type != null && !TYPES.contains(type)) {
      throw new IllegalArgumentException(at + ".type: Unsupported value: " + GoFormat.quote(type));
    }
    Map<String, StructuralSchema> properties = new LinkedHashMap<>();
    JsonNode props = node.get("properties");
    if (props != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        properties.put(e.getKey(), parse(e.getValue(), at + ".properties[" + e.getKey() + "]"));
      }
    }
    StructuralSchema items = null;
    JsonNode itemsNode = node.get("items");
    if (itemsNode != null) {
      if (itemsNode.isArray()) {
        throw new IllegalArgumentException(at + ".items: must be a schema object, not an array");
      }
      items = parse(itemsNode, at + ".items");
    }
    AdditionalProperties additional = null;
    JsonNode ap = node.get("additionalProperties");
    if (ap != null) {
      additional =
          ap.isBoolean()
              ? new AdditionalProperties(ap.booleanValue(), null)
              : new AdditionalProperties(true, parse(ap, at + ".additionalProperties"));
    }
    return new StructuralSchema(
        type,
        bool(node, "nullable", at),
        node.get("default"),
        properties,
        items,
        additional,
        parseValidation(node, at),
        parseExtensions(node, at));
  }

  private static ValueValidation parseValidation(JsonNode node, String at) {
    String pattern = text(node, "pattern", at);
    Re2Pattern compiled;
    try {
      compiled = pattern == null ? null : Re2Pattern.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".pattern: " + e.getMessage(), e);
    }
    List<JsonNode> enumValues = new ArrayList<>();
    JsonNode en = node.get("enum");
    if (en != null) {
      en.forEach(enumValues::add);
    }
    StructuralSchema not = node.has("not") ? parse(node.get("not"), at + ".not") : null;
    return new ValueValidation(
        text(node, "format", at),
        number(node, "maximum", at),
        bool(node, "exclusiveMaximum", at),
        number(node, "minimum", at),
        bool(node, "exclusiveMinimum", at),
        integer(node, "maxLength", at),
        integer(node, "minLength", at),
        compiled,
        integer(node, "maxItems", at),
        integer(node, "minItems", at),
        bool(node, "uniqueItems", at),
        number(node, "multipleOf", at),
        enumValues,
        integer(node, "maxProperties", at),
        integer(node, "minProperties", at),
        strings(node, "required", at),
        schemas(node, "allOf", at),
        schemas(node, "anyOf", at),
        schemas(node, "oneOf", at),
        not);
  }

  private static Extensions parseExtensions(JsonNode node, String at) {
    JsonNode rules = node.get("x-kubernetes-validations");
    if (rules != null && !rules.isArray()) {
      throw new IllegalArgumentException(at + ".x-kubernetes-validations: must be an array");
    }
    return new Extensions(
        bool(node, "x-kubernetes-preserve-unknown-fields", at),
        bool(node, "x-kubernetes-embedded-resource", at),
        bool(node, "x-kubernetes-int-or-string", at),
        text(node, "x-kubernetes-list-type", at),
        strings(node, "x-kubernetes-list-map-keys", at),
        text(node, "x-kubernetes-map-type", at),
        (ArrayNode) rules);
  }

  private static List<StructuralSchema> schemas(JsonNode node, String keyword, String at) {
    JsonNode list = node.get(keyword);
    if (list == null) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException(at + "." + keyword + ": must be an array");
    }
    List<StructuralSchema> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(parse(list.get(i), at + "." + keyword + "[" + i + "]"));
    }
    return out;
  }

  private static String text(JsonNode node, String keyword, String at) {
    JsonNode v = node.get(keyword);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(at + "." + keyword + ": must be a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode node, String keyword, String at) {
    JsonNode v = node.get(keyword);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(at + "." + keyword + ": must be a boolean");
    }
    return v.booleanValue();
  }

  private static Double number(JsonNode node, String keyword, String at) {
    JsonNode v = node.get(keyword);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(at + "." + keyword + ": must be a number");
    }
    return v.doubleValue();
  }

  private static Long integer(JsonNode node, String keyword, String at) {
    JsonNode v = node.get(keyword);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(at + "." + keyword + ": must be an integer");
    }
    return v.longValue();
  }

  private static List<String> strings(JsonNode node, String keyword, String at) {
    JsonNode v = node.get(keyword);
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException(at + "." + keyword + ": must be a list of strings");
      }
      out.add(s.textValue());
    }
    return out;
  }

  /**
   * {@code additionalProperties}: {@code true}/{@code false}, or a schema (then {@code allows} is
   * true).
   *
   * @param allows false only for {@code additionalProperties: false}
   * @param schema the schema of additional properties, or null for the boolean forms
   */
  public record AdditionalProperties(boolean allows, StructuralSchema schema) {}

  /**
   * The value validations of a node; absent limits are null.
   *
   * @param format the declared {@code format}, or null
   * @param maximum {@code maximum}
   * @param exclusiveMaximum {@code exclusiveMaximum}
   * @param minimum {@code minimum}
   * @param exclusiveMinimum {@code exclusiveMinimum}
   * @param maxLength {@code maxLength}, in code points
   * @param minLength {@code minLength}, in code points
   * @param pattern {@code pattern}
   * @param maxItems {@code maxItems}
   * @param minItems {@code minItems}
   * @param uniqueItems {@code uniqueItems}
   * @param multipleOf {@code multipleOf}
   * @param enumValues {@code enum} members (copies are returned)
   * @param maxProperties {@code maxProperties}
   * @param minProperties {@code minProperties}
   * @param required {@code required} property names
   * @param allOf {@code allOf}
   * @param anyOf {@code anyOf}
   * @param oneOf {@code oneOf}
   * @param not {@code not}, or null
   */
  public record ValueValidation(
      String format,
      Double maximum,
      boolean exclusiveMaximum,
      Double minimum,
      boolean exclusiveMinimum,
      Long maxLength,
      Long minLength,
      Re2Pattern pattern,
      Long maxItems,
      Long minItems,
      boolean uniqueItems,
      Double multipleOf,
      List<JsonNode> enumValues,
      Long maxProperties,
      Long minProperties,
      List<String> required,
      List<StructuralSchema> allOf,
      List<StructuralSchema> anyOf,
      List<StructuralSchema> oneOf,
      StructuralSchema not) {

    static final ValueValidation NONE =
        new ValueValidation(
            null, null, false, null, false, null, null, null, null, null, false, null, null, null,
            null, null, null, null, null, null);

    /** Canonical constructor: defensive copies. */
    public ValueValidation {
      enumValues =
          enumValues == null
              ? List.of()
              : enumValues.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
      required = required == null ? List.of() : List.copyOf(required);
      allOf = allOf == null ? List.of() : List.copyOf(allOf);
      anyOf = anyOf == null ? List.of() : List.copyOf(anyOf);
      oneOf = oneOf == null ? List.of() : List.copyOf(oneOf);
    }

    @Override
    public List<JsonNode> enumValues() {
      return enumValues.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    }

    /** The members without copying, for the validator's hot path. */
    List<JsonNode> enumMembers() {
      return enumValues;
    }
  }

  /**
   * The {@code x-kubernetes-*} extensions of a node.
   *
   * @param preserveUnknownFields {@code x-kubernetes-preserve-unknown-fields}
   * @param embeddedResource {@code x-kubernetes-embedded-resource}
   * @param intOrString {@code x-kubernetes-int-or-string}
   * @param listType {@code x-kubernetes-list-type} (atomic, set, map), or null
   * @param listMapKeys {@code x-kubernetes-list-map-keys}
   * @param mapType {@code x-kubernetes-map-type} (granular, atomic), or null
   * @param validations the raw {@code x-kubernetes-validations} rules (a copy is returned)
   */
  public record Extensions(
      boolean preserveUnknownFields,
      boolean embeddedResource,
      boolean intOrString,
      String listType,
      List<String> listMapKeys,
      String mapType,
      ArrayNode validations) {

    static final Extensions NONE = new Extensions(false, false, false, null, null, null, null);

    /** Canonical constructor: defensive copies. */
    public Extensions {
      listMapKeys = listMapKeys == null ? List.of() : List.copyOf(listMapKeys);
      validations =
          validations == null ? JsonNodeFactory.instance.arrayNode() : validations.deepCopy();
    }

    @Override
    public ArrayNode validations() {
      return validations.deepCopy();
    }
  }
}
