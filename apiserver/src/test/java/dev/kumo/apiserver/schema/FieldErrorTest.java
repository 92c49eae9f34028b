package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FieldError#toString()}: kube-apiserver's {@code field.Error} rendering. */
class FieldErrorTest {

  @Test
  void required() {
    assertEquals(
        "spec.imageRef: Required value", FieldError.required("spec.imageRef", "").toString());
  }

  @Test
  void requiredWithDetail() {
    assertEquals(
        "spec.imageRef: Required value: an image is needed",
        FieldError.required("spec.imageRef", "an image is needed").toString());
  }

  @Test
  void invalidQuotesStrings() {
    assertEquals(
        "spec.name: Invalid value: \"say \\\"hi\\\"\\n\": bad",
        FieldError.invalid("spec.name", TextNode.valueOf("say \"hi\"\n"), "bad").toString());
  }

  @Test
  void invalidPrintsNumbersAndBooleansBare() {
    assertEquals(
        "a: Invalid value: -1: x", FieldError.invalid("a", LongNode.valueOf(-1), "x").toString());
    assertEquals(
        "a: Invalid value: 1e+06: x",
        FieldError.invalid("a", DoubleNode.valueOf(1e6), "x").toString());
    assertEquals(
        "a: Invalid value: true: x", FieldError.invalid("a", BooleanNode.TRUE, "x").toString());
  }

  @Test
  void invalidPrintsNullAndCompoundsAsJson() {
    assertEquals(
        "a: Invalid value: null: x",
        FieldError.invalid("a", NullNode.getInstance(), "x").toString());
    assertEquals(
        "a: Invalid value: {\"b\":[1,\"c\"],\"z\":true}: x",
        FieldError.invalid("a", yaml("{z: true, b: [1, c]}"), "x").toString());
  }

  @Test
  void typeInvalidPrintsAsInvalidValue() {
    assertEquals(
        "a: Invalid value: \"string\": detail",
        FieldError.typeInvalid("a", TextNode.valueOf("string"), "detail").toString());
  }

  @Test
  void notSupportedListsQuotedValues() {
    assertEquals(
        "spec.state: Unsupported value: \"Runing\": supported values: \"Running\", \"Stopped\"",
        FieldError.notSupported(
                "spec.state", TextNode.valueOf("Runing"), List.of("Running", "Stopped"))
            .toString());
  }

  @Test
  void tooLong() {
    assertEquals(
        "spec.name: Too long: may not be more than 63 bytes",
        FieldError.tooLong("spec.name", 63).toString());
    assertEquals(
        "spec.name: Too long: value is too long", FieldError.tooLong("spec.name", -1).toString());
  }

  @Test
  void tooMany() {
    assertEquals(
        "spec.nics: Too many: 5: must have at most 4 items",
        FieldError.tooMany("spec.nics", 5, 4).toString());
  }

  @Test
  void duplicate() {
    assertEquals(
        "spec.nics[1]: Duplicate value: {\"name\":\"eth0\"}",
        FieldError.duplicate("spec.nics[1]", yaml("{name: eth0}")).toString());
  }

  @Test
  void forbidden() {
    assertEquals(
        "spec.foo: Forbidden: field is not declared by the CRD schema",
        FieldError.forbidden("spec.foo", "field is not declared by the CRD schema").toString());
  }

  @Test
  void exposesTheStatusReason() {
    assertEquals("FieldValueTypeInvalid", FieldError.Type.TYPE_INVALID.reason());
    assertEquals("FieldValueNotSupported", FieldError.Type.NOT_SUPPORTED.reason());
  }
}
