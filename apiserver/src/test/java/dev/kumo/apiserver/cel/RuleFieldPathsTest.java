package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RuleFieldPathsTest {
  private static final SchemaView SCHEMA =
      SchemaView.of(
          Yaml.parse(
              """
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    a.b: {type: string}
                    labels: {type: object, additionalProperties: {type: string}}
              """));

  @Test
  void normalizesDottedFields() {
    assertEquals("spec.labels", RuleFieldPaths.normalize(".spec.labels", SCHEMA));
  }

  @Test
  void normalizesQuotedFieldsAndMapKeys() {
    assertEquals("spec.a.b", RuleFieldPaths.normalize(".spec['a.b']", SCHEMA));
    assertEquals("spec.labels[x.y]", RuleFieldPaths.normalize(".spec.labels['x.y']", SCHEMA));
  }

  @Test
  void rejectsUndeclaredFields() {
    assertEquals(
        "does not refer to a valid field",
        assertThrows(
                IllegalArgumentException.class, () -> RuleFieldPaths.normalize(".spec.x", SCHEMA))
            .getMessage());
  }

  @Test
  void rejectsPathsNotStartingWithADotOrBracket() {
    assertThrows(IllegalArgumentException.class, () -> RuleFieldPaths.normalize("spec", SCHEMA));
  }
}
