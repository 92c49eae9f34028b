package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.errors;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numeric, string, list, object, enum and required validations, with kube-apiserver's wording. */
class ValueValidationTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          required: [spec]
          properties:
            spec:
              type: object
              required: [imageRef, cpuNum]
              properties:
                imageRef: {type: string}
                cpuNum: {type: integer, minimum: 1, maximum: 64}
                threads: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 8, exclusiveMaximum: true}
                ratio: {type: number, minimum: 0.5, maximum: 1.5}
                cores: {type: integer, minimum: 1.5}
                weight: {type: number, enum: [1, 2]}
                memoryMiB: {type: integer, multipleOf: 512}
                share: {type: number, multipleOf: 0.5}
                name: {type: string, minLength: 3, maxLength: 63, pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$'}
                initial: {type: string, maxLength: 1}
                state: {type: string, enum: [Running, Stopped, Paused]}
                replicas: {type: integer, enum: [1, 2]}
                mode: {type: string, nullable: true, enum: [fast]}
                disks:
                  type: array
                  minItems: 1
                  items: {type: string}
                nics:
                  type: array
                  maxItems: 4
                  items:
                    type: object
                    required: [name]
                    properties:
                      name: {type: string}
                      ip:
                        type: string
                        pattern: '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$'
                gpus: {type: array, maxItems: 1, items: {type: string}}
                tags: {type: array, uniqueItems: true, items: {type: string}}
                labels:
                  type: object
                  minProperties: 1
                  maxProperties: 2
                  additionalProperties: {type: string, maxLength: 8}
                settings:
                  type: object
                  additionalProperties: false
                  properties:
                    known: {type: string}
          """);

  private static List<String> specErrors(String spec) {
    return errors(VM, "spec: {imageRef: img-1, cpuNum: 2, " + spec + "}");
  }

  @Test
  void validObjectHasNoErrors() {
    assertEquals(List.of(), specErrors("name: web-1, nics: [{name: eth0, ip: 10.0.0.1}]"));
  }

  @Test
  void belowMinimum() {
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: -1: spec.cpuNum in body should be greater than or equal"
                + " to 1"),
        errors(VM, "spec: {imageRef: img-1, cpuNum: -1}"));
  }

  @Test
  void aboveMaximum() {
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: 65: spec.cpuNum in body should be less than or equal to"
                + " 64"),
        errors(VM, "spec: {imageRef: img-1, cpuNum: 65}"));
  }

  @Test
  void exclusiveMinimumRejectsTheLimit() {
    assertEquals(
        List.of("spec.threads: Invalid value: 0: spec.threads in body should be greater than 0"),
        specErrors("threads: 0"));
  }

  @Test
  void exclusiveMaximumRejectsTheLimit() {
    assertEquals(
        List.of("spec.threads: Invalid value: 8: spec.threads in body should be less than 8"),
        specErrors("threads: 8"));
  }

  @Test
  void floatLimitsPrintAsGoFloats() {
    assertEquals(
        List.of(
            "spec.ratio: Invalid value: 2.25: spec.ratio in body should be less than or equal to"
                + " 1.5"),
        specErrors("ratio: 2.25"));
    assertEquals(
        List.of(
            "spec.ratio: Invalid value: 0.25: spec.ratio in body should be greater than or equal"
                + " to 0.5"),
        specErrors("ratio: 0.25"));
  }

  @Test
  void integerNotAMultiple() {
    assertEquals(
        List.of(
            "spec.memoryMiB: Invalid value: 1000: spec.memoryMiB in body should be a multiple of"
                + " 512"),
        specErrors("memoryMiB: 1000"));
  }

  @Test
  void numberNotAMultipleOfAFraction() {
    assertEquals(
        List.of("spec.share: Invalid value: 0.3: spec.share in body should be a multiple of 0.5"),
        specErrors("share: 0.3"));
    assertEquals(List.of(), specErrors("share: 1.5"));
  }

  @Test
  void tooLongOmitsTheValue() {
    assertEquals(
        List.of("spec.name: Too long: may not be more than 63 bytes"),
        specErrors("name: " + "a".repeat(64)));
  }

  @Test
  void tooLongSaysByteForALimitOfOne() {
    assertEquals(
        List.of("spec.initial: Too long: may not be more than 1 byte"), specErrors("initial: ab"));
  }

  @Test
  void lengthCountsCharactersNotBytes() {
    assertEquals(List.of(), specErrors("initial: é"));
  }

  @Test
  void tooShort() {
    assertEquals(
        List.of(
            "spec.name: Invalid value: \"ab\": spec.name in body should be at least 3 chars long"),
        specErrors("name: ab"));
  }

  @Test
  void patternMismatchInAListItemQuotesThePattern() {
    assertEquals(
        List.of(
            "spec.nics[0].ip: Invalid value: \"10.0.0.300\": spec.nics[0].ip in body should match"
                + " '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$'"),
        specErrors("nics: [{name: eth0, ip: 10.0.0.300}]"));
  }

  @Test
  void onlyTheFirstStringViolationIsReported() {
    assertEquals(
        List.of("spec.name: Too long: may not be more than 63 bytes"),
        specErrors("name: " + "A".repeat(64)));
  }

  @Test
  void patternEndAnchorDoesNotAcceptATrailingNewline() {
    assertEquals(
        List.of(
            "spec.name: Invalid value: \"web\\n\": spec.name in body should match"
                + " '^[a-z]([-a-z0-9]*[a-z0-9])?$'"),
        specErrors("name: \"web\\n\""));
  }

  @Test
  void tooManyItems() {
    assertEquals(
        List.of("spec.nics: Too many: 5: must have at most 4 items"),
        specErrors("nics: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]"));
  }

  @Test
  void tooManyItemsSaysItemForALimitOfOne() {
    assertEquals(
        List.of("spec.gpus: Too many: 2: must have at most 1 item"), specErrors("gpus: [a, b]"));
  }

  @Test
  void tooFewItemsPrintsTheCount() {
    assertEquals(
        List.of("spec.disks: Invalid value: 0: spec.disks in body should have at least 1 items"),
        specErrors("disks: []"));
  }

  @Test
  void duplicateItemsWithUniqueItems() {
    assertEquals(
        List.of("spec.tags: Invalid value: \"\": spec.tags in body shouldn't contain duplicates"),
        specErrors("tags: [a, b, a]"));
  }

  @Test
  void tooManyProperties() {
    assertEquals(
        List.of("spec.labels: Too many: 3: must have at most 2 items"),
        specErrors("labels: {a: x, b: y, c: z}"));
  }

  @Test
  void tooFewPropertiesPrintsTheCount() {
    assertEquals(
        List.of(
            "spec.labels: Invalid value: 0: spec.labels in body should have at least 1"
                + " properties"),
        specErrors("labels: {}"));
  }

  @Test
  void mapValuesAreValidatedWithDottedKeys() {
    assertEquals(
        List.of("spec.labels.team: Too long: may not be more than 8 bytes"),
        specErrors("labels: {team: platform-networking}"));
  }

  @Test
  void propertiesAreStillValidatedWhenThereAreTooMany() {
    assertEquals(
        List.of(
            "spec.labels: Too many: 3: must have at most 2 items",
            "spec.labels.c: Too long: may not be more than 8 bytes"),
        specErrors("labels: {a: x, b: y, c: zzzzzzzzz}"));
  }

  @Test
  void additionalPropertiesFalseForbidsUndeclaredKeys() {
    assertEquals(
        List.of(
            "spec.settings: Invalid value: \"extra\": spec.settings.extra in body is a forbidden property"),
        specErrors("settings: {known: a, extra: b}"));
  }

  @Test
  void missingRequiredProperty() {
    assertEquals(List.of("spec.imageRef: Required value"), errors(VM, "spec: {cpuNum: 2}"));
  }

  @Test
  void missingRequiredPropertiesInDeclarationOrder() {
    assertEquals(
        List.of("spec.imageRef: Required value", "spec.cpuNum: Required value"),
        errors(VM, "spec: {}"));
  }

  @Test
  void missingRequiredPropertyAtTheRoot() {
    assertEquals(List.of("spec: Required value"), errors(VM, "kind: VmInstance"));
  }

  @Test
  void missingRequiredPropertyOfAListItem() {
    assertEquals(
        List.of("spec.nics[1].name: Required value"),
        specErrors("nics: [{name: a}, {ip: 10.0.0.1}]"));
  }

  @Test
  void nullCountsAsPresentForRequired() {
    assertEquals(
        List.of(
            "spec.imageRef: Invalid value: \"null\": spec.imageRef in body must be of type"
                + " string: \"null\""),
        errors(VM, "spec: {imageRef: null, cpuNum: 1}"));
  }

  @Test
  void valueOutsideEnum() {
    assertEquals(
        List.of(
            "spec.state: Unsupported value: \"Runing\": supported values: \"Running\","
                + " \"Stopped\", \"Paused\""),
        specErrors("state: Runing"));
  }

  @Test
  void numericEnumMembersAreListedAsJson() {
    assertEquals(
        List.of("spec.replicas: Unsupported value: 3: supported values: \"1\", \"2\""),
        specErrors("replicas: 3"));
  }

  @Test
  void wrongTypeAndEnumAreBothReported() {
    assertEquals(
        List.of(
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"",
            "spec.replicas: Unsupported value: \"two\": supported values: \"1\", \"2\""),
        specErrors("replicas: two"));
  }

  @Test
  void nullNeverMatchesAnEnum() {
    assertEquals(
        List.of("spec.mode: Unsupported value: null: supported values: \"fast\""),
        specErrors("mode: null"));
  }

  @Test
  void errorsFollowSchemaOrderAcrossFields() {
    assertEquals(
        List.of(
            "spec.cpuNum: Invalid value: 0: spec.cpuNum in body should be greater than or equal"
                + " to 1",
            "spec.state: Unsupported value: \"Halted\": supported values: \"Running\", \"Stopped\","
                + " \"Paused\"",
            "spec.imageRef: Required value"),
        errors(VM, "spec: {state: Halted, cpuNum: 0}"));
  }

  @Test
  void integerValuesAreComparedWithTheLimitTruncatedAsKubeOpenapiDoes() {
    assertEquals(List.of(), specErrors("cores: 1"));
    assertEquals(
        List.of(
            "spec.cores: Invalid value: 0: spec.cores in body should be greater than or equal to 1"),
        specErrors("cores: 0"));
  }

  @Test
  void floatsAreTruncatedBeforeComparingWithIntegerEnumMembersAsKubeOpenapiDoes() {
    assertEquals(List.of(), specErrors("weight: 1.5"));
    assertEquals(
        List.of("spec.weight: Unsupported value: 3.5: supported values: \"1\", \"2\""),
        specErrors("weight: 3.5"));
  }
}
