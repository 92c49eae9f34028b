package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walking a whole custom resource through a whole CRD schema. */
class CompiledSchemaTest {
  private static final JsonNode SCHEMA =
      Yaml.parse(
          """
          type: object
          x-kubernetes-validations:
            - rule: self.metadata.name.startsWith('vm-')
              message: names start with vm-
          properties:
            metadata: {type: object}
            spec:
              type: object
              properties:
                disks:
                  type: array
                  items:
                    type: object
                    properties:
                      sizeGiB: {type: integer}
                    x-kubernetes-validations:
                      - {rule: self.sizeGiB > 0, message: disks need a size}
                labels:
                  type: object
                  additionalProperties:
                    type: string
                    x-kubernetes-validations:
                      - {rule: self.size() <= 63, message: label values are at most 63 characters}
                nics:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name]
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      mac: {type: string}
                    x-kubernetes-validations:
                      - {rule: self.mac == oldSelf.mac, message: mac is immutable}
          """);

  private static List<String> errors(String object, String oldObject) {
    return new CelRuleCompiler()
            .compileSchema(SCHEMA)
            .validate(Yaml.parse(object), oldObject == null ? null : Yaml.parse(oldObject))
            .stream()
            .map(FieldError::toString)
            .toList();
  }

  @Test
  void reportsRootRuleFailuresAtNil() {
    assertEquals(
        List.of("<nil>: Invalid value: \"object\": names start with vm-"),
        errors("{apiVersion: kumo.dev/v1, kind: Vm, metadata: {name: web}}", null));
  }

  @Test
  void reportsItemFailuresAtTheirIndex() {
    assertEquals(
        List.of("spec.disks[1]: Invalid value: \"object\": disks need a size"),
        errors("{metadata: {name: vm-a}, spec: {disks: [{sizeGiB: 1}, {sizeGiB: 0}]}}", null));
  }

  @Test
  void reportsMapValueFailuresAtTheirKey() {
    assertEquals(
        List.of(
            "spec.labels[kumo.dev/owner]: Invalid value: \"string\": label values are at most 63"
                + " characters"),
        errors(
            "{metadata: {name: vm-a}, spec: {labels: {kumo.dev/owner: " + "x".repeat(64) + "}}}",
            null));
  }

  @Test
  void matchesOldItemsOfMapListsByKey() {
    assertEquals(
        List.of("spec.nics[0]: Invalid value: \"object\": mac is immutable"),
        errors(
            "{metadata: {name: vm-a}, spec: {nics: [{name: b, mac: m2}, {name: a, mac: m1}]}}",
            "{metadata: {name: vm-a}, spec: {nics: [{name: a, mac: m1}, {name: b, mac: m9}]}}"));
  }

  @Test
  void skipsTransitionRulesOnNewItemsOfMapLists() {
    assertEquals(
        List.of(),
        errors(
            "{metadata: {name: vm-a}, spec: {nics: [{name: c, mac: m3}]}}",
            "{metadata: {name: vm-a}, spec: {nics: [{name: a, mac: m1}]}}"));
  }

  @Test
  void runsRulesUnderAllOfAgainstTheSameValue() {
    JsonNode schema =
        Yaml.parse(
            """
            type: object
            properties:
              size: {type: integer}
            allOf:
              - x-kubernetes-validations: [{rule: self.size < 10, message: too big}]
            """);
    assertEquals(
        List.of("<nil>: Invalid value: \"object\": too big"),
        new CelRuleCompiler()
            .compileSchema(schema).validate(Yaml.parse("{size: 12}"), null).stream()
                .map(FieldError::toString)
                .toList());
  }

  @Test
  void validatorCompilesEachSchemaOnce() {
    CelValidator validator = new CelValidator();
    assertSame(validator.compiledSchema(SCHEMA), validator.compiledSchema(SCHEMA));
  }

  @Test
  void validatorChecksOneNodeAtAGivenPath() {
    JsonNode disk = SCHEMA.at("/properties/spec/properties/disks/items");
    assertEquals(
        List.of("spec.disks[3]: Invalid value: \"object\": disks need a size"),
        new CelValidator()
            .validate(disk, Yaml.parse("{sizeGiB: -1}"), null, "spec.disks[3]").stream()
                .map(FieldError::toString)
                .toList());
  }
}
