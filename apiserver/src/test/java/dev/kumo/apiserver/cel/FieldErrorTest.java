package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.apiserver.schema.FieldPath;
import org.junit.jupiter.api.Test;

class FieldErrorTest {
  private static final FieldPath SPEC = FieldPath.root().child("spec");

  @Test
  void rendersAnInvalidValueWithItsQuotedValue() {
    assertEquals(
        "spec: Invalid value: \"object\": must be set",
        FieldError.invalid(SPEC, "object", "must be set").toString());
  }

  @Test
  void rendersNumbersAndBooleansUnquoted() {
    assertEquals(
        "spec: Invalid value: 42: too big", FieldError.invalid(SPEC, 42L, "too big").toString());
    assertEquals("spec: Invalid value: true: no", FieldError.invalid(SPEC, true, "no").toString());
  }

  @Test
  void rendersAnOmittedValueAsNothing() {
    assertEquals(
        "spec: Invalid value: must be set",
        FieldError.invalid(SPEC, FieldError.OMITTED, "must be set").toString());
  }

  @Test
  void rendersRequiredWithoutAValue() {
    assertEquals(
        "spec: Required value: cpu is needed",
        FieldError.required(SPEC, "cpu is needed").toString());
  }

  @Test
  void rendersForbiddenWithoutAValue() {
    assertEquals(
        "spec: Forbidden: not allowed", FieldError.forbidden(SPEC, "not allowed").toString());
  }

  @Test
  void rendersDuplicateWithItsValueAndNoDetail() {
    assertEquals(
        "spec: Duplicate value: \"object\"", FieldError.duplicate(SPEC, "object").toString());
  }

  @Test
  void rendersTheRootOfTheObjectAsNil() {
    assertEquals(
        "<nil>: Invalid value: \"object\": bad",
        FieldError.invalid(FieldPath.root(), "object", "bad").toString());
  }
}
