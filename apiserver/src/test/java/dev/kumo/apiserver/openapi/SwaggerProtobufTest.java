package dev.kumo.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decodes the protobuf /openapi/v2 with descriptors written here from gnostic's OpenAPIv2.proto
 * (the messages and field numbers kubectl 1.20 reads), then checks what kubectl 1.20 checks.
 */
class SwaggerProtobufTest {
  private static final FileDescriptor PROTO = openApiV2Proto();
  private static final OpenApiDocuments DOCS = OpenApiDocuments.build(ServedKinds.all());

  @Test
  void startsWithTheSwaggerVersionField() {
    byte[] bytes = DOCS.v2Protobuf().body();
    assertArrayEquals(new byte[] {0x0a, 0x03, '2', '.', '0'}, Arrays.copyOf(bytes, 5));
  }

  @Test
  void decodesAsOpenApiV2DocumentWithTheJsonDefinitions() throws Exception {
    Message doc = DynamicMessage.parseFrom(type("Document"), DOCS.v2Protobuf().body());
    assertTrue(doc.getUnknownFields().asMap().isEmpty(), "every field is known to the .proto");
    assertEquals("2.0", get(doc, "swagger"));
    JsonNode json = new ObjectMapper().readTree(DOCS.v2Json().body());
    List<?> definitions = (List<?>) get((Message) get(doc, "definitions"), "additional_properties");
    assertEquals(json.path("definitions").size(), definitions.size());
    Message vm = named(definitions, "dev.kumo.compute.v1alpha1.VmInstance");
    Message properties = (Message) get(vm, "properties");
    Message metadata = named((List<?>) get(properties, "additional_properties"), "metadata");
    assertEquals(
        "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", get(metadata, "_ref"));
    assertEquals(List.of("object"), get((Message) get(vm, "type"), "value"));
    Message gvk = named((List<?>) get(vm, "vendor_extension"), "x-kubernetes-group-version-kind");
    JsonNode parsed = new YAMLMapper().readTree((String) get(gvk, "yaml"));
    assertEquals("compute.kumo.dev", parsed.get(0).path("group").asText());
    assertEquals("VmInstance", parsed.get(0).path("kind").asText());
    assertEquals("v1alpha1", parsed.get(0).path("version").asText());
  }

  /** kubectl 1.20's openapi.SupportsDryRun, over the decoded message. */
  @Test
  void kubectl120FindsDryRunForEveryServedKind() throws Exception {
    Message doc = DynamicMessage.parseFrom(type("Document"), DOCS.v2Protobuf().body());
    List<?> paths = (List<?>) get((Message) get(doc, "paths"), "path");
    for (var kind : ServedKinds.all()) {
      if (!kind.verbs().contains("patch")) {
        continue;
      }
      assertTrue(supportsDryRun(paths, kind.group(), kind.version(), kind.kind()), kind.kind());
    }
  }

  private static boolean supportsDryRun(List<?> paths, String group, String version, String kind)
      throws Exception {
    for (Object p : paths) {
      Message item = (Message) get((Message) p, "value");
      Message patch = (Message) get(item, "patch");
      if (!hasGvk(patch, group, version, kind)) {
        continue;
      }
      for (Object parameter : (List<?>) get(patch, "parameters")) {
        Message nonBody =
            (Message) get((Message) get((Message) parameter, "parameter"), "non_body_parameter");
        Message query = (Message) get(nonBody, "query_parameter_sub_schema");
        if ("dryRun".equals(get(query, "name")) && "query".equals(get(query, "in"))) {
          return true;
        }
      }
      return false;
    }
    throw new AssertionError("couldn't find GVK in openapi: " + group + "/" + version + " " + kind);
  }

  private static boolean hasGvk(Message operation, String group, String version, String kind)
      throws Exception {
    for (Object ext : (List<?>) get(operation, "vendor_extension")) {
      Message named = (Message) ext;
      String yaml = (String) get((Message) get(named, "value"), "yaml");
      if (yaml.isEmpty() || !"x-kubernetes-group-version-kind".equals(get(named, "name"))) {
        continue;
      }
      Map<?, ?> gvk = new YAMLMapper().readValue(yaml, Map.class);
      return group.equals(gvk.get("group"))
          && version.equals(gvk.get("version"))
          && kind.equals(gvk.get("kind"));
    }
    return false;
  }

  private static Object get(Message message, String field) {
    return message.getField(message.getDescriptorForType().findFieldByName(field));
  }

  private static Message named(List<?> entries, String name) {
    for (Object entry : entries) {
      if (name.equals(get((Message) entry, "name"))) {
        return (Message) get((Message) entry, "value");
      }
    }
    throw new AssertionError(name + " missing");
  }

  private static Descriptor type(String name) {
    return PROTO.findMessageTypeByName(name);
  }

  // ---- descriptors of openapi.v2 (field numbers from gnostic's OpenAPIv2.proto) ----

  private static FileDescriptor openApiV2Proto() {
    FileDescriptorProto.Builder file =
        FileDescriptorProto.newBuilder()
            .setName("openapiv2.proto")
            .setPackage("openapi.v2")
            .setSyntax("proto3");
    file.addMessageType(
        msg(
            "Document",
            s("swagger", 1),
            m("info", 2, "Info"),
            s("host", 3),
            s("base_path", 4),
            rs("schemes", 5),
            rs("consumes", 6),
            rs("produces", 7),
            m("paths", 8, "Paths"),
            m("definitions", 9, "Definitions"),
            rm("vendor_extension", 16, "NamedAny")));
    file.addMessageType(
        msg(
            "Info",
            s("title", 1),
            s("version", 2),
            s("description", 3),
            rm("vendor_extension", 7, "NamedAny")));
    file.addMessageType(msg("Any", s("yaml", 2)));
    file.addMessageType(msg("NamedAny", s("name", 1), m("value", 2, "Any")));
    file.addMessageType(
        msg("Paths", rm("vendor_extension", 1, "NamedAny"), rm("path", 2, "NamedPathItem")));
    file.addMessageType(msg("NamedPathItem", s("name", 1), m("value", 2, "PathItem")));
    file.addMessageType(
        msg(
            "PathItem",
            s("_ref", 1),
            m("get", 2, "Operation"),
            m("put", 3, "Operation"),
            m("post", 4, "Operation"),
            m("delete", 5, "Operation"),
            m("options", 6, "Operation"),
            m("head", 7, "Operation"),
            m("patch", 8, "Operation"),
            rm("parameters", 9, "ParametersItem"),
            rm("vendor_extension", 10, "NamedAny")));
    file.addMessageType(
        msg(
            "Operation",
            rs("tags", 1),
            s("summary", 2),
            s("description", 3),
            s("operation_id", 5),
            rs("produces", 6),
            rs("consumes", 7),
            rm("parameters", 8, "ParametersItem"),
            m("responses", 9, "Responses"),
            rs("schemes", 10),
            b("deprecated", 11),
            rm("vendor_extension", 13, "NamedAny")));
    file.addMessageType(
        msg(
            "ParametersItem",
            m("parameter", 1, "Parameter"),
            m("json_reference", 2, "JsonReference")));
    file.addMessageType(msg("JsonReference", s("_ref", 1), s("description", 2)));
    file.addMessageType(
        msg(
            "Parameter",
            m("body_parameter", 1, "BodyParameter"),
            m("non_body_parameter", 2, "NonBodyParameter")));
    file.addMessageType(
        msg(
            "BodyParameter",
            s("description", 1),
            s("name", 2),
            s("in", 3),
            b("required", 4),
            m("schema", 5, "Schema"),
            rm("vendor_extension", 6, "NamedAny")));
    file.addMessageType(
        msg(
            "NonBodyParameter",
            m("header_parameter_sub_schema", 1, "PathParameterSubSchema"),
            m("query_parameter_sub_schema", 3, "QueryParameterSubSchema"),
            m("path_parameter_sub_schema", 4, "PathParameterSubSchema")));
    file.addMessageType(
        msg(
            "QueryParameterSubSchema",
            b("required", 1),
            s("in", 2),
            s("description", 3),
            s("name", 4),
            b("allow_empty_value", 5),
            s("type", 6),
            s("format", 7),
            b("unique_items", 20),
            rm("vendor_extension", 23, "NamedAny")));
    file.addMessageType(
        msg(
            "PathParameterSubSchema",
            b("required", 1),
            s("in", 2),
            s("description", 3),
            s("name", 4),
            s("type", 5),
            s("format", 6),
            b("unique_items", 19),
            rm("vendor_extension", 22, "NamedAny")));
    file.addMessageType(
        msg(
            "Responses",
            rm("response_code", 1, "NamedResponseValue"),
            rm("vendor_extension", 2, "NamedAny")));
    file.addMessageType(msg("NamedResponseValue", s("name", 1), m("value", 2, "ResponseValue")));
    file.addMessageType(
        msg(
            "ResponseValue",
            m("response", 1, "Response"),
            m("json_reference", 2, "JsonReference")));
    file.addMessageType(
        msg(
            "Response",
            s("description", 1),
            m("schema", 2, "SchemaItem"),
            rm("vendor_extension", 5, "NamedAny")));
    file.addMessageType(msg("SchemaItem", m("schema", 1, "Schema")));
    file.addMessageType(msg("Definitions", rm("additional_properties", 1, "NamedSchema")));
    file.addMessageType(msg("NamedSchema", s("name", 1), m("value", 2, "Schema")));
    file.addMessageType(msg("Properties", rm("additional_properties", 1, "NamedSchema")));
    file.addMessageType(msg("TypeItem", rs("value", 1)));
    file.addMessageType(msg("ItemsItem", rm("schema", 1, "Schema")));
    file.addMessageType(msg("AdditionalPropertiesItem", m("schema", 1, "Schema"), b("boolean", 2)));
    file.addMessageType(
        msg(
            "Schema",
            s("_ref", 1),
            s("format", 2),
            s("title", 3),
            s("description", 4),
            m("default", 5, "Any"),
            d("multiple_of", 6),
            d("maximum", 7),
            b("exclusive_maximum", 8),
            d("minimum", 9),
            b("exclusive_minimum", 10),
            i("max_length", 11),
            i("min_length", 12),
            s("pattern", 13),
            i("max_items", 14),
            i("min_items", 15),
            b("unique_items", 16),
            i("max_properties", 17),
            i("min_properties", 18),
            rs("required", 19),
            rm("enum", 20, "Any"),
            m("additional_properties", 21, "AdditionalPropertiesItem"),
            m("type", 22, "TypeItem"),
            m("items", 23, "ItemsItem"),
            rm("all_of", 24, "Schema"),
            m("properties", 25, "Properties"),
            s("discriminator", 26),
            b("read_only", 27),
            m("example", 30, "Any"),
            rm("vendor_extension", 31, "NamedAny")));
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[0]);
    } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DescriptorProto msg(String name, FieldDescriptorProto... fields) {
    return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
  }

  private static FieldDescriptorProto field(
      String name, int number, Type type, Label label, String typeName) {
    FieldDescriptorProto.Builder f =
        FieldDescriptorProto.newBuilder()
            .setName(name)
            .setNumber(number)
            .setType(type)
            .setLabel(label);
    if (typeName != null) {
      f.setTypeName(".openapi.v2." + typeName);
    }
    return f.build();
  }

  private static FieldDescriptorProto s(String name, int number) {
    return field(name, number, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null);
  }

  private static FieldDescriptorProto rs(String name, int number) {
    return field(name, number, Type.TYPE_STRING, Label.LABEL_REPEATED, null);
  }

  private static FieldDescriptorProto b(String name, int number) {
    return field(name, number, Type.TYPE_BOOL, Label.LABEL_OPTIONAL, null);
  }

  private static FieldDescriptorProto d(String name, int number) {
    return field(name, number, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null);
  }

  private static FieldDescriptorProto i(String name, int number) {
    return field(name, number, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null);
  }

  private static FieldDescriptorProto m(String name, int number, String type) {
    return field(name, number, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, type);
  }

  private static FieldDescriptorProto rm(String name, int number, String type) {
    return field(name, number, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, type);
  }
}
