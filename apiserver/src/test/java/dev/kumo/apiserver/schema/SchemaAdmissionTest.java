package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.object;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SchemaAdmission}: prune, drop nulls, default and validate, in kube-apiserver's order. */
class SchemaAdmissionTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              required: [imageRef]
              properties:
                imageRef: {type: string}
                cpuNum: {type: integer, minimum: 1}
                state: {type: string, enum: [Running, Stopped], default: Running}
                disks: {type: array, items: {type: string}}
          """);

  private static final String SAMPLE =
      """
      apiVersion: kumo.dev/v1
      kind: VmInstance
      metadata: {name: vm-1}
      spec: {imageRef: img-1, cpuNum: null, state: null, colour: red}
      """;

  @Test
  void storesThePrunedAndDefaultedObject() {
    assertEquals(
        object(
            """
            apiVersion: kumo.dev/v1
            kind: VmInstance
            metadata: {name: vm-1}
            spec: {imageRef: img-1, state: Running}
            """),
        SchemaAdmission.admit(VM, object(SAMPLE)).object());
  }

  @Test
  void reportsPrunedFieldsAsAStrictDecodingError() {
    var result = SchemaAdmission.admit(VM, object(SAMPLE));
    assertEquals(List.of("spec.colour"), result.unknownFields());
    assertEquals(
        Optional.of("strict decoding error: unknown field \"spec.colour\""),
        result.strictDecodingError());
  }

  @Test
  void validatesAfterDefaulting() {
    var result = SchemaAdmission.admit(VM, object("spec: {cpuNum: 0}"));
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: 0: spec.cpuNum in body should be greater than or equal"
                + " to 1",
            "spec.imageRef: Required value"),
        result.errors().stream().map(FieldError::toString).toList());
    assertEquals(Optional.empty(), result.strictDecodingError());
  }

  @Test
  void leavesTheInputAlone() {
    ObjectNode input = object(SAMPLE);
    SchemaAdmission.admit(VM, input);
    assertEquals(object(SAMPLE), input);
  }

  @Test
  void aNullListItemIsNotDroppedAndFailsValidation() {
    var result = SchemaAdmission.admit(VM, object("spec: {imageRef: img-1, disks: [null]}"));
    assertEquals(
        List.of(
            "spec.disks[0]: Invalid value: \"null\": spec.disks[0] in body must be of type"
                + " string: \"null\""),
        result.errors().stream().map(FieldError::toString).toList());
  }
}
