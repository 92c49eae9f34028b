package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How schema nodes type {@code self} and turn JSON values into CEL values. */
class SchemaTypingTest {
  private static List<String> errors(String schema, String value) {
    return new CelRuleCompiler()
        .compile(Yaml.parse(schema)).validate(Yaml.parse(value), null, "spec").stream()
            .map(FieldError::toString)
            .toList();
  }

  @Test
  void exposesIntegersAsIntAndNumbersAsDouble() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            properties:
              count: {type: integer}
              ratio: {type: number}
            x-kubernetes-validations:
              - rule: type(self.count) == int && type(self.ratio) == double && self.ratio == 2.0
            """,
            "{count: 3, ratio: 2}"));
  }

  @Test
  void escapesPropertyNamesThatAreNotCelIdentifiers() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            properties:
              kumo.dev/zone-id: {type: string}
              namespace: {type: string}
              a__b: {type: string}
            x-kubernetes-validations:
              - rule: >-
                  self.kumo__dot__dev__slash__zone__dash__id == 'z1'
                  && self.__namespace__ == 'ns' && self.a__underscores__b == 'x'
            """,
            "{kumo.dev/zone-id: z1, namespace: ns, a__b: x}"));
  }

  @Test
  void keepsMapKeysOfAdditionalPropertiesAsWritten() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            additionalProperties: {type: string}
            x-kubernetes-validations:
              - rule: self['kumo.dev/zone'] == 'z1' && self.all(k, k.startsWith('kumo.dev/'))
            """,
            "{kumo.dev/zone: z1}"));
  }

  @Test
  void typesIntOrStringAsDyn() {
    String schema =
        """
        x-kubernetes-int-or-string: true
        x-kubernetes-validations:
          - rule: "type(self) == int ? self < 100 : self.endsWith('%')"
            message: must be below 100 or a percentage
        """;
    assertEquals(List.of(), errors(schema, "50"));
    assertEquals(List.of(), errors(schema, "'50%'"));
    assertEquals(
        List.of("spec: Invalid value: \"\": must be below 100 or a percentage"),
        errors(schema, "'50'"));
  }

  @Test
  void hidesUndeclaredFieldsOfObjectsThatPreserveUnknownFields() {
    CelRuleCompilationException e =
        assertThrows(
            CelRuleCompilationException.class,
            () ->
                new CelRuleCompiler()
                    .compile(
                        Yaml.parse(
                            """
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                            x-kubernetes-validations: [{rule: has(self.extra)}]
                            """)));
    assertEquals(
        "x-kubernetes-validations[0].rule: Invalid value: \"has(self.extra)\": compilation"
            + " failed: ERROR: <input>:1:4: undefined field 'extra'\n | has(self.extra)\n |"
            + " ...^",
        e.problems().get(0).toString());
  }

  @Test
  void exposesDateTimesAsTimestamps() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            properties:
              notBefore: {type: string, format: date-time}
              notAfter: {type: string, format: date-time}
            x-kubernetes-validations:
              - rule: >-
                  self.notBefore < self.notAfter
                  && self.notAfter - self.notBefore == duration('36h')
            """,
            "{notBefore: '2024-01-01T00:00:00Z', notAfter: '2024-01-02T12:00:00Z'}"));
  }

  @Test
  void exposesDurationsAsDurations() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            properties:
              timeout: {type: string, format: duration}
            x-kubernetes-validations:
              - rule: self.timeout == duration('90s') && self.timeout < duration('2m')
            """,
            "{timeout: 1m30s}"));
  }

  @Test
  void exposesTypeMetaAndNameOnEmbeddedResources() {
    assertEquals(
        List.of(),
        errors(
            """
            type: object
            x-kubernetes-embedded-resource: true
            properties:
              spec: {type: object}
            x-kubernetes-validations:
              - rule: >-
                  self.apiVersion == 'v1' && self.kind == 'ConfigMap'
                  && self.metadata.name == 'cm' && !has(self.metadata.generateName)
            """,
            "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm, labels: {a: b}}, spec: {}}"));
  }

  @Test
  void comparesObjectsDeeply() {
    String schema =
        """
        type: object
        properties:
          tags: {type: array, items: {type: string}}
        x-kubernetes-validations:
          - {rule: self == oldSelf, message: immutable}
        """;
    assertEquals(
        List.of(),
        new CelRuleCompiler()
            .compile(Yaml.parse(schema))
            .validate(Yaml.parse("{tags: [a, b]}"), Yaml.parse("{tags: [a, b]}"), "spec"));
    assertEquals(
        1,
        new CelRuleCompiler()
            .compile(Yaml.parse(schema))
            .validate(Yaml.parse("{tags: [b, a]}"), Yaml.parse("{tags: [a, b]}"), "spec")
            .size());
  }
}
