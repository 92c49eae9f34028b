package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.schema;
import static dev.kumo.apiserver.schema.Fixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StructuralSchema#parse}. */
class StructuralSchemaTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              required: [imageRef]
              properties:
                imageRef: {type: string, pattern: '^img-', minLength: 1, maxLength: 64}
                cpuNum: {type: integer, minimum: 1, maximum: 64, exclusiveMaximum: true, multipleOf: 1}
                memory: {x-kubernetes-int-or-string: true}
                state: {type: string, enum: [Running, Stopped], default: Running}
                nics:
                  type: array
                  minItems: 1
                  maxItems: 8
                  uniqueItems: false
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name]
                  items: {type: object, properties: {name: {type: string}}}
                labels:
                  type: object
                  minProperties: 0
                  maxProperties: 10
                  x-kubernetes-map-type: granular
                  additionalProperties: {type: string}
                note: {type: string, nullable: true, format: date-time}
                template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
              x-kubernetes-validations:
                - rule: self.cpuNum > 0
          """);

  private static StructuralSchema spec() {
    return VM.properties().get("spec");
  }

  @Test
  void keepsPropertiesInDeclarationOrder() {
    assertEquals(
        List.of("imageRef", "cpuNum", "memory", "state", "nics", "labels", "note", "template"),
        List.copyOf(spec().properties().keySet()));
  }

  @Test
  void readsValueValidations() {
    var cpu = spec().properties().get("cpuNum").validation();
    assertEquals(1.0, cpu.minimum());
    assertEquals(64.0, cpu.maximum());
    assertTrue(cpu.exclusiveMaximum());
    assertFalse(cpu.exclusiveMinimum());
    assertEquals(1.0, cpu.multipleOf());
    var image = spec().properties().get("imageRef").validation();
    assertEquals("^img-", image.pattern().source());
    assertEquals(1L, image.minLength());
    assertEquals(64L, image.maxLength());
    assertEquals(List.of("imageRef"), spec().validation().required());
  }

  @Test
  void readsListAndMapExtensions() {
    StructuralSchema nics = spec().properties().get("nics");
    assertEquals("map", nics.extensions().listType());
    assertEquals(List.of("name"), nics.extensions().listMapKeys());
    assertEquals(8L, nics.validation().maxItems());
    assertEquals("object", nics.items().type());
    StructuralSchema labels = spec().properties().get("labels");
    assertEquals("granular", labels.extensions().mapType());
    assertEquals("string", labels.additionalProperties().schema().type());
    assertTrue(labels.additionalProperties().allows());
  }

  @Test
  void readsDefaultsEnumsAndNullable() {
    StructuralSchema state = spec().properties().get("state");
    assertEquals(yaml("Running"), state.defaultValue());
    assertEquals(List.of(yaml("Running"), yaml("Stopped")), state.validation().enumValues());
    assertTrue(spec().properties().get("note").nullable());
    assertEquals("date-time", spec().properties().get("note").validation().format());
    assertNull(spec().defaultValue());
  }

  @Test
  void intOrStringValidatesAsIntegerOrString() {
    assertEquals(List.of("integer", "string"), spec().properties().get("memory").validationTypes());
    assertEquals(List.of("object"), spec().validationTypes());
  }

  @Test
  void keepsTheRawValidationRules() {
    assertEquals(yaml("[{rule: self.cpuNum > 0}]"), spec().validationRules());
    assertEquals(0, VM.validationRules().size());
  }

  @Test
  void readsEmbeddedResourceAndPreserveUnknownFields() {
    var template = spec().properties().get("template").extensions();
    assertTrue(template.embeddedResource());
    assertTrue(template.preserveUnknownFields());
  }

  @Test
  void isImmutable() {
    ((ObjectNode) spec().validationRules().get(0)).put("rule", "changed");
    assertEquals(yaml("[{rule: self.cpuNum > 0}]"), spec().validationRules());
    assertThrows(UnsupportedOperationException.class, () -> spec().properties().clear());
  }

  @Test
  void additionalPropertiesFalse() {
    StructuralSchema s = schema("{type: object, additionalProperties: false}");
    assertFalse(s.additionalProperties().allows());
    assertNull(s.additionalProperties().schema());
  }

  @Test
  void rejectsAnUnknownType() {
    var e = assertThrows(IllegalArgumentException.class, () -> schema("{type: Any}"));
    assertEquals("openAPIV3Schema.type: Unsupported value: \"Any\"", e.getMessage());
  }

  @Test
  void rejectsKeywordsCrdsForbid() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> schema("{type: object, properties: {a: {$ref: '#/definitions/a'}}}"));
    assertEquals("openAPIV3Schema.properties[a].$ref: Forbidden in CRD schemas", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> schema("{patternProperties: {}}"));
  }

  @Test
  void rejectsTupleItems() {
    assertThrows(IllegalArgumentException.class, () -> schema("{type: array, items: [{}]}"));
  }

  @Test
  void rejectsAnInvalidPattern() {
    var e = assertThrows(IllegalArgumentException.class, () -> schema("{pattern: '(unclosed'}"));
    assertTrue(e.getMessage().startsWith("openAPIV3Schema.pattern: invalid pattern \"(unclosed\""));
  }
}
