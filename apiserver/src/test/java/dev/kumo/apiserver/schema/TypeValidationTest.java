package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.errors;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code type}, {@code nullable} and {@code x-kubernetes-int-or-string}. */
class TypeValidationTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                cpuNum: {type: integer}
                ratio: {type: number}
                name: {type: string}
                autoStart: {type: boolean}
                tags: {type: array, items: {type: string}}
                size: {type: integer}
                note: {type: string, nullable: true}
                memory:
                  x-kubernetes-int-or-string: true
          """);

  @Test
  void stringForIntegerIsATypeError() {
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: \"string\": spec.cpuNum in body must be of type integer:"
                + " \"string\""),
        errors(VM, "spec: {cpuNum: four}"));
  }

  @Test
  void fractionForIntegerIsATypeError() {
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: \"number\": spec.cpuNum in body must be of type integer:"
                + " \"number\""),
        errors(VM, "spec: {cpuNum: 2.5}"));
  }

  @Test
  void integralFloatIsAnInteger() {
    assertEquals(List.of(), errors(VM, "spec: {cpuNum: 2.0}"));
  }

  @Test
  void integerIsANumber() {
    assertEquals(List.of(), errors(VM, "spec: {ratio: 3}"));
  }

  @Test
  void numberForStringIsATypeError() {
    assertEquals(
        List.of(
            "spec.name: Invalid value: \"integer\": spec.name in body must be of type string:"
                + " \"integer\""),
        errors(VM, "spec: {name: 42}"));
  }

  @Test
  void stringForBooleanIsATypeError() {
    assertEquals(
        List.of(
            "spec.autoStart: Invalid value: \"string\": spec.autoStart in body must be of type"
                + " boolean: \"string\""),
        errors(VM, "spec: {autoStart: 'yes'}"));
  }

  @Test
  void objectForArrayIsATypeError() {
    assertEquals(
        List.of(
            "spec.tags: Invalid value: \"object\": spec.tags in body must be of type array:"
                + " \"object\""),
        errors(VM, "spec: {tags: {a: b}}"));
  }

  @Test
  void arrayForObjectIsATypeError() {
    assertEquals(
        List.of("spec: Invalid value: \"array\": spec in body must be of type object: \"array\""),
        errors(VM, "spec: [1]"));
  }

  @Test
  void typeErrorsInsideListItemsCarryTheIndex() {
    assertEquals(
        List.of(
            "spec.tags[1]: Invalid value: \"boolean\": spec.tags[1] in body must be of type"
                + " string: \"boolean\""),
        errors(VM, "spec: {tags: [a, true]}"));
  }

  @Test
  void nullForNonNullableFieldIsATypeError() {
    assertEquals(
        List.of(
            "spec.size: Invalid value: \"null\": spec.size in body must be of type integer:"
                + " \"null\""),
        errors(VM, "spec: {size: null}"));
  }

  @Test
  void nullForNullableFieldIsAccepted() {
    assertEquals(List.of(), errors(VM, "spec: {note: null}"));
  }

  @Test
  void intOrStringAcceptsBoth() {
    assertEquals(List.of(), errors(VM, "spec: {memory: 2048}"));
    assertEquals(List.of(), errors(VM, "spec: {memory: 2Gi}"));
  }

  @Test
  void intOrStringRejectsOtherTypesNamingBoth() {
    assertEquals(
        List.of(
            "spec.memory: Invalid value: \"boolean\": spec.memory in body must be of type"
                + " integer,string: \"boolean\""),
        errors(VM, "spec: {memory: true}"));
  }

  @Test
  void intOrStringRejectsFractions() {
    assertEquals(
        List.of(
            "spec.memory: Invalid value: \"number\": spec.memory in body must be of type"
                + " integer,string: \"number\""),
        errors(VM, "spec: {memory: 1.5}"));
  }

  @Test
  void untypedFieldAcceptsAnything() {
    StructuralSchema anything =
        schema(
            """
            type: object
            properties:
              value: {x-kubernetes-preserve-unknown-fields: true}
            """);
    assertEquals(List.of(), errors(anything, "value: [1, {a: b}]"));
  }

  @Test
  void aNonObjectResourceIsReportedAgainstTheNilPath() {
    assertEquals(
        List.of("<nil>: Invalid value: \"string\":  in body must be of type object: \"string\""),
        SchemaValidator.validate(VM, TextNode.valueOf("vm")).stream()
            .map(FieldError::toString)
            .toList());
  }
}
