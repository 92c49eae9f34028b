package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 JSON document as gnostic's {@code openapi.v2.Document} protobuf message
 * ({@code github.com/google/gnostic/openapiv2/OpenAPIv2.proto}), the form kubectl 1.20 requests
 * with {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} and the only one
 * it parses.
 *
 * <p>Hand-written over protobuf-java's {@link CodedOutputStream} rather than generated from the
 * .proto: generating needs the native {@code protoc} and a build plugin, and the subset of the
 * schema used here (document, info, paths, operations, parameters, responses, schemas, vendor
 * extensions) is small. Field numbers follow the .proto; fields are written in field-number order
 * and proto3 defaults are omitted, as Go's marshaller does. Values gnostic keeps as {@code Any}
 * (vendor extensions, {@code default}, {@code enum}, {@code example}) carry their value as YAML
 * text; JSON is valid YAML, so the JSON text is used. Keys outside that subset are not encoded.
 */
public final class SwaggerProtobuf {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SwaggerProtobuf() {}

  /** The protobuf encoding of a Swagger 2.0 document. */
  public static byte[] encode(JsonNode swagger) {
    Message doc = new Message();
    doc.string(1, swagger.path("swagger"));
    if (swagger.has("info")) {
      doc.message(2, info(swagger.get("info")));
    }
    doc.string(3, swagger.path("host"));
    doc.string(4, swagger.path("basePath"));
    doc.strings(5, swagger.path("schemes"));
    doc.strings(6, swagger.path("consumes"));
    doc.strings(7, swagger.path("produces"));
    if (swagger.has("paths")) {
      doc.message(8, paths(swagger.get("paths")));
    }
    if (swagger.has("definitions")) {
      Message definitions = new Message();
      swagger
          .get("definitions")
          .fields()
          .forEachRemaining(e -> definitions.message(1, named(e.getKey(), schema(e.getValue()))));
      doc.message(9, definitions);
    }
    doc.vendorExtensions(16, swagger);
    return doc.bytes();
  }

  private static Message info(JsonNode info) {
    Message m = new Message();
    m.string(1, info.path("title"));
    m.string(2, info.path("version"));
    m.string(3, info.path("description"));
    m.string(4, info.path("termsOfService"));
    m.vendorExtensions(7, info);
    return m;
  }

  private static Message paths(JsonNode paths) {
    Message m = new Message();
    m.vendorExtensions(1, paths);
    paths
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().startsWith("x-")) {
                m.message(2, named(e.getKey(), pathItem(e.getValue())));
              }
            });
    return m;
  }

  private static Message pathItem(JsonNode item) {
    Message m = new Message();
    m.string(1, item.path("$ref"));
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (item.has(methods[i])) {
        m.message(2 + i, operation(item.get(methods[i])));
      }
    }
    item.path("parameters").forEach(p -> m.message(9, parametersItem(p)));
    m.vendorExtensions(10, item);
    return m;
  }

  private static Message operation(JsonNode op) {
    Message m = new Message();
    m.strings(1, op.path("tags"));
    m.string(2, op.path("summary"));
    m.string(3, op.path("description"));
    m.string(5, op.path("operationId"));
    m.strings(6, op.path("produces"));
    m.strings(7, op.path("consumes"));
    op.path("parameters").forEach(p -> m.message(8, parametersItem(p)));
    if (op.has("responses")) {
      m.message(9, responses(op.get("responses")));
    }
    m.strings(10, op.path("schemes"));
    m.bool(11, op.path("deprecated"));
    m.vendorExtensions(13, op);
    return m;
  }

  private static Message parametersItem(JsonNode p) {
    Message item = new Message();
    if (p.has("$ref")) {
      Message ref = new Message();
      ref.string(1, p.get("$ref"));
      ref.string(2, p.path("description"));
      item.message(2, ref);
      return item;
    }
    Message parameter = new Message();
    if ("body".equals(p.path("in").asText())) {
      Message body = new Message();
      body.string(1, p.path("description"));
      body.string(2, p.path("name"));
      body.string(3, p.path("in"));
      body.bool(4, p.path("required"));
      if (p.has("schema")) {
        body.message(5, schema(p.get("schema")));
      }
      body.vendorExtensions(6, p);
      parameter.message(1, body);
    } else {
      Message nonBody = new Message();
      switch (p.path("in").asText()) {
        case "header" -> nonBody.message(1, subSchema(p, false));
        case "formData" -> nonBody.message(2, subSchema(p, true));
        case "query" -> nonBody.message(3, subSchema(p, true));
        case "path" -> nonBody.message(4, subSchema(p, false));
        default -> throw new IllegalArgumentException("parameter location " + p.path("in"));
      }
      parameter.message(2, nonBody);
    }
    item.message(1, parameter);
    return item;
  }

  /**
   * A non-body parameter. Query and formData parameters have {@code allow_empty_value} at field 5,
   * which shifts the fields after {@code name} by one compared with path and header parameters.
   */
  private static Message subSchema(JsonNode p, boolean allowsEmptyValue) {
    Message m = new Message();
    m.bool(1, p.path("required"));
    m.string(2, p.path("in"));
    m.string(3, p.path("description"));
    m.string(4, p.path("name"));
    int base = 5;
    if (allowsEmptyValue) {
      m.bool(5, p.path("allowEmptyValue"));
      base = 6;
    }
    primitive(m, p, base);
    return m;
  }

  /**
   * The fields shared by parameter sub-schemas and PrimitivesItems, numbered from {@code base}
   * (type) to {@code base + 17} (vendor extensions).
   */
  private static void primitive(Message m, JsonNode p, int base) {
    m.string(base, p.path("type"));
    m.string(base + 1, p.path("format"));
    if (p.has("items")) {
      Message items = new Message();
      primitive(items, p.get("items"), 1);
      m.message(base + 2, items);
    }
    m.string(base + 3, p.path("collectionFormat"));
    m.any(base + 4, p.get("default"));
    m.dbl(base + 5, p.path("maximum"));
    m.bool(base + 6, p.path("exclusiveMaximum"));
    m.dbl(base + 7, p.path("minimum"));
    m.bool(base + 8, p.path("exclusiveMinimum"));
    m.int64(base + 9, p.path("maxLength"));
    m.int64(base + 10, p.path("minLength"));
    m.string(base + 11, p.path("pattern"));
    m.int64(base + 12, p.path("maxItems"));
    m.int64(base + 13, p.path("minItems"));
    m.bool(base + 14, p.path("uniqueItems"));
    p.path("enum").forEach(v -> m.any(base + 15, v));
    m.dbl(base + 16, p.path("multipleOf"));
    m.vendorExtensions(base + 17, p);
  }

  private static Message responses(JsonNode responses) {
    Message m = new Message();
    responses
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().startsWith("x-")) {
                return;
              }
              Message value = new Message();
              if (e.getValue().has("$ref")) {
                Message ref = new Message();
                ref.string(1, e.getValue().get("$ref"));
                value.message(2, ref);
              } else {
                value.message(1, response(e.getValue()));
              }
              m.message(1, named(e.getKey(), value));
            });
    m.vendorExtensions(2, responses);
    return m;
  }

  private static Message response(JsonNode response) {
    Message m = new Message();
    m.string(1, response.path("description"));
    if (response.has("schema")) {
      Message schemaItem = new Message();
      schemaItem.message(1, schema(response.get("schema")));
      m.message(2, schemaItem);
    }
    m.vendorExtensions(5, response);
    return m;
  }

  private static Message schema(JsonNode s) {
    Message m = new Message();
    m.string(1, s.path("$ref"));
    m.string(2, s.path("format"));
    m.string(3, s.path("title"));
    m.string(4, s.path("description"));
    m.any(5, s.get("default"));
    m.dbl(6, s.path("multipleOf"));
    m.dbl(7, s.path("maximum"));
    m.bool(8, s.path("exclusiveMaximum"));
    m.dbl(9, s.path("minimum"));
    m.bool(10, s.path("exclusiveMinimum"));
    m.int64(11, s.path("maxLength"));
    m.int64(12, s.path("minLength"));
    m.string(13, s.path("pattern"));
    m.int64(14, s.path("maxItems"));
    m.int64(15, s.path("minItems"));
    m.bool(16, s.path("uniqueItems"));
    m.int64(17, s.path("maxProperties"));
    m.int64(18, s.path("minProperties"));
    m.strings(19, s.path("required"));
    s.path("enum").forEach(v -> m.any(20, v));
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      Message item = new Message();
      if (additional.isBoolean()) {
        item.oneofBool(2, additional.asBoolean());
      } else {
        item.message(1, schema(additional));
      }
      m.message(21, item);
    }
    JsonNode type = s.get("type");
    if (type != null) {
      Message typeItem = new Message();
      if (type.isArray()) {
        typeItem.strings(1, type);
      } else {
        typeItem.string(1, type);
      }
      m.message(22, typeItem);
    }
    JsonNode items = s.get("items");
    if (items != null) {
      Message itemsItem = new Message();
      if (items.isArray()) {
        items.forEach(i -> itemsItem.message(1, schema(i)));
      } else {
        itemsItem.message(1, schema(items));
      }
      m.message(23, itemsItem);
    }
    s.path("allOf").forEach(a -> m.message(24, schema(a)));
    JsonNode properties = s.get("properties");
    if (properties != null) {
      Message props = new Message();
      properties
          .fields()
          .forEachRemaining(e -> props.message(1, named(e.getKey(), schema(e.getValue()))));
      m.message(25, props);
    }
    m.string(26, s.path("discriminator"));
    m.bool(27, s.path("readOnly"));
    m.any(30, s.get("example"));
    m.vendorExtensions(31, s);
    return m;
  }

  private static Message named(String name, Message value) {
    Message m = new Message();
    m.string(1, name);
    m.message(2, value);
    return m;
  }

  /** One message being encoded; nested messages are encoded first and written length-delimited. */
  private static final class Message {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    void string(int field, String value) {
      if (!value.isEmpty()) {
        write(() -> out.writeString(field, value));
      }
    }

    void string(int field, JsonNode value) {
      if (value.isTextual()) {
        string(field, value.asText());
      }
    }

    void strings(int field, JsonNode values) {
      values.forEach(v -> write(() -> out.writeString(field, v.asText())));
    }

    void bool(int field, JsonNode value) {
      if (value.asBoolean(false)) {
        write(() -> out.writeBool(field, true));
      }
    }

    /** A bool inside a oneof: written even when false, as the oneof case must be recorded. */
    void oneofBool(int field, boolean value) {
      write(() -> out.writeBool(field, value));
    }

    void int64(int field, JsonNode value) {
      if (value.isNumber() && value.asLong() != 0) {
        write(() -> out.writeInt64(field, value.asLong()));
      }
    }

    void dbl(int field, JsonNode value) {
      if (value.isNumber() && value.asDouble() != 0) {
        write(() -> out.writeDouble(field, value.asDouble()));
      }
    }

    /** gnostic's {@code Any} with its {@code yaml} field (2) holding the value. */
    void any(int field, JsonNode value) {
      if (value != null) {
        Message any = new Message();
        any.string(2, yaml(value));
        message(field, any);
      }
    }

    /** The {@code x-} keys of an object as NamedAny entries. */
    void vendorExtensions(int field, JsonNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getKey().startsWith("x-")) {
          Message any = new Message();
          any.string(2, yaml(e.getValue()));
          message(field, named(e.getKey(), any));
        }
      }
    }

    void message(int field, Message value) {
      byte[] bytes = value.bytes();
      write(() -> out.writeByteArray(field, bytes));
    }

    byte[] bytes() {
      write(out::flush);
      return buffer.toByteArray();
    }

    private void write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The value as YAML flow text: JSON with a space after every colon and comma, which every YAML
     * parser (Go's yaml.v2 included) reads as the same value.
     */
    private static String yaml(JsonNode value) {
      StringBuilder out = new StringBuilder();
      flow(value, out);
      return out.append('\n').toString();
    }

    private static void flow(JsonNode value, StringBuilder out) {
      if (value.isObject()) {
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          out.append(scalar(MAPPER.getNodeFactory().textNode(e.getKey()))).append(": ");
          flow(e.getValue(), out);
          out.append(fields.hasNext() ? ", " : "");
        }
        out.append('}');
      } else if (value.isArray()) {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          out.append(i > 0 ? ", " : "");
          flow(value.get(i), out);
        }
        out.append(']');
      } else {
        out.append(scalar(value));
      }
    }

    private static String scalar(JsonNode value) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON scalar always serialises", e);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
