package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Swagger 2.0 document ({@code /openapi/v2}), derived from the group/version OpenAPI v3
 * documents: definitions keep their names, {@code allOf}-wrapped references become plain {@code
 * $ref}s, request bodies become {@code body} parameters, and schemas are simplified as
 * apiextensions-apiserver's {@code ToStructuralOpenAPIV2} does so that kubectl 1.20's parser
 * accepts them (no {@code nullable}, no {@code anyOf}/{@code oneOf}/{@code not}, no properties
 * under {@code x-kubernetes-preserve-unknown-fields}, no array type without items).
 */
public final class OpenApiV2 {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String V3_REF = "#/components/schemas/";
  private static final String V2_REF = "#/definitions/";

  private OpenApiV2() {}

  /**
   * The Swagger document.
   *
   * @param v3Documents the group/version documents from {@link OpenApiV3#document}
   * @param serverVersion the server's gitVersion, shown as {@code info.version}
   */
  public static ObjectNode document(List<? extends JsonNode> v3Documents, String serverVersion) {
    Map<String, JsonNode> paths = new TreeMap<>();
    Map<String, JsonNode> definitions = new TreeMap<>();
    for (JsonNode doc : v3Documents) {
      doc.path("paths")
          .fields()
          .forEachRemaining(e -> paths.put(e.getKey(), pathItem(e.getValue())));
      doc.path("components")
          .path("schemas")
          .fields()
          .forEachRemaining(e -> definitions.put(e.getKey(), schema(e.getValue())));
    }
    ObjectNode swagger = JSON.objectNode();
    swagger.put("swagger", "2.0");
    ObjectNode info = swagger.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", serverVersion);
    ObjectNode pathsNode = swagger.putObject("paths");
    paths.forEach(pathsNode::set);
    ObjectNode definitionsNode = swagger.putObject("definitions");
    definitions.forEach(definitionsNode::set);
    return swagger;
  }

  private static ObjectNode pathItem(JsonNode v3) {
    ObjectNode item = JSON.objectNode();
    for (String method : List.of("get", "put", "post", "delete", "patch")) {
      if (v3.has(method)) {
        item.set(method, operation(v3.get(method)));
      }
    }
    if (v3.has("parameters")) {
      ArrayNode parameters = item.putArray("parameters");
      v3.get("parameters").forEach(p -> parameters.add(parameter(p)));
    }
    return item;
  }

  private static ObjectNode operation(JsonNode v3) {
    ObjectNode op = JSON.objectNode();
    op.put("description", v3.path("description").asText());
    JsonNode requestBody = v3.get("requestBody");
    if (requestBody != null) {
      ArrayNode consumes = op.putArray("consumes");
      requestBody.path("content").fieldNames().forEachRemaining(consumes::add);
    }
    Set<String> produces = new LinkedHashSet<>();
    v3.path("responses")
        .forEach(r -> r.path("content").fieldNames().forEachRemaining(produces::add));
    ArrayNode producesNode = op.putArray("produces");
    produces.forEach(producesNode::add);
    op.putArray("schemes").add("https");
    op.set("tags", v3.path("tags").deepCopy());
    op.put("operationId", v3.path("operationId").asText());
    ArrayNode parameters = JSON.arrayNode();
    if (requestBody != null) {
      ObjectNode body = parameters.addObject();
      body.put("name", "body");
      body.put("in", "body");
      body.put("required", requestBody.path("required").asBoolean(false));
      body.set("schema", schema(requestBody.path("content").elements().next().path("schema")));
    }
    v3.path("parameters").forEach(p -> parameters.add(parameter(p)));
    if (!parameters.isEmpty()) {
      op.set("parameters", parameters);
    }
    ObjectNode responses = op.putObject("responses");
    v3.path("responses")
        .fields()
        .forEachRemaining(
            e -> {
              ObjectNode response = responses.putObject(e.getKey());
              response.put("description", e.getValue().path("description").asText());
              Iterator<JsonNode> content = e.getValue().path("content").elements();
              if (content.hasNext()) {
                response.set("schema", schema(content.next().path("schema")));
              }
            });
    v3.fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().startsWith("x-")) {
                op.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return op;
  }

  private static ObjectNode parameter(JsonNode v3) {
    ObjectNode p = JSON.objectNode();
    JsonNode schema = v3.path("schema");
    if (schema.path("uniqueItems").asBoolean(false)) {
      p.put("uniqueItems", true);
    }
    p.put("type", schema.path("type").asText());
    p.put("description", v3.path("description").asText());
    p.put("name", v3.path("name").asText());
    p.put("in", v3.path("in").asText());
    if (v3.path("required").asBoolean(false)) {
      p.put("required", true);
    }
    return p;
  }

  /** A v3 schema converted to Swagger 2.0 (references rewritten, v2-incompatible parts removed). */
  static JsonNode schema(JsonNode v3) {
    if (v3.isArray()) {
      ArrayNode out = JSON.arrayNode();
      v3.forEach(e -> out.add(schema(e)));
      return out;
    }
    if (!v3.isObject()) {
      return v3.deepCopy();
    }
    ObjectNode in = (ObjectNode) v3;
    ObjectNode out = JSON.objectNode();
    JsonNode allOf = in.get("allOf");
    boolean wrappedRef =
        allOf != null && allOf.size() == 1 && allOf.get(0).size() == 1 && allOf.get(0).has("$ref");
    if (wrappedRef) {
      out.put("$ref", v2Ref(allOf.get(0).get("$ref").asText()));
    }
    in.fields()
        .forEachRemaining(
            e -> {
              String key = e.getKey();
              JsonNode value = e.getValue();
              switch (key) {
                case "$ref" -> out.put("$ref", v2Ref(value.asText()));
                case "allOf", "anyOf", "oneOf", "not", "nullable" -> {}
                case "properties", "patternProperties", "definitions" -> {
                  ObjectNode props = out.putObject(key);
                  value.fields().forEachRemaining(p -> props.set(p.getKey(), schema(p.getValue())));
                }
                case "items", "additionalProperties" -> out.set(key, schema(value));
                default -> out.set(key, value.deepCopy());
              }
            });
    simplify(in, out);
    return out;
  }

  /** apiextensions-apiserver's ToStructuralOpenAPIV2 simplifications, for kubectl 1.20. */
  private static void simplify(ObjectNode v3, ObjectNode out) {
    if (v3.path("nullable").asBoolean(false)) {
      out.remove(List.of("type", "items", "properties"));
    }
    if (v3.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      out.remove(List.of("items", "properties"));
    }
    if (!out.has("items") && "array".equals(out.path("type").asText())) {
      out.remove("type");
    }
    JsonNode required = out.get("required");
    JsonNode properties = v3.get("properties");
    if (required != null && properties != null) {
      List<String> kept = new ArrayList<>();
      required.forEach(
          r -> {
            if (!properties.path(r.asText()).path("nullable").asBoolean(false)) {
              kept.add(r.asText());
            }
          });
      ArrayNode keptNode = JSON.arrayNode();
      kept.forEach(keptNode::add);
      out.set("required", keptNode);
    }
  }

  private static String v2Ref(String ref) {
    return ref.startsWith(V3_REF) ? V2_REF + ref.substring(V3_REF.length()) : ref;
  }
}
