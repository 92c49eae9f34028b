package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.errors;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code allOf}, {@code anyOf}, {@code oneOf} and {@code not}. kube-apiserver reports their own
 * failure against the {@code <nil>} path, with the kube-openapi path quoted in the message.
 */
class CompositionValidationTest {

  private static final StructuralSchema SPEC =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                memory:
                  x-kubernetes-int-or-string: true
                  anyOf: [{type: integer}, {type: string}]
                  pattern: '^[0-9]+(Mi|Gi)$'
                delta:
                  type: string
                  anyOf: [{maxLength: 5}, {pattern: '^a'}]
                source:
                  type: object
                  properties:
                    image: {type: string}
                    volume: {type: string}
                  oneOf: [{required: [image]}, {required: [volume]}]
                code:
                  type: string
                  allOf: [{minLength: 2}, {maxLength: 3}]
                name:
                  type: string
                  not: {pattern: '^tmp-'}
                choice:
                  type: object
                  properties:
                    a: {type: string}
                    b: {type: string}
                  anyOf:
                    - required: [b]
                    - properties: {a: {maxLength: 0}}
          """);

  @Test
  void intOrStringQuantityPassesEitherBranchAndChecksThePattern() {
    assertEquals(List.of(), errors(SPEC, "spec: {memory: 2048}"));
    assertEquals(List.of(), errors(SPEC, "spec: {memory: 2Gi}"));
    assertEquals(
        List.of(
            "spec.memory: Invalid value: \"2Ti\": spec.memory in body should match"
                + " '^[0-9]+(Mi|Gi)$'"),
        errors(SPEC, "spec: {memory: 2Ti}"));
  }

  @Test
  void intOrStringQuantityOfTheWrongTypeFailsBothBranches() {
    assertEquals(
        List.of(
            "spec.memory: Invalid value: \"boolean\": spec.memory in body must be of type"
                + " integer,string: \"boolean\"",
            "<nil>: Invalid value: \"\": \"spec.memory\" must validate at least one schema"
                + " (anyOf)",
            "spec.memory: Invalid value: \"boolean\": spec.memory in body must be of type"
                + " integer: \"boolean\""),
        errors(SPEC, "spec: {memory: true}"));
  }

  @Test
  void anyOfPassesWhenOneBranchMatches() {
    assertEquals(List.of(), errors(SPEC, "spec: {delta: abcdefgh}"));
  }

  @Test
  void anyOfWithNoMatchReportsTheFirstBestBranch() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"\": \"spec.delta\" must validate at least one schema (anyOf)",
            "spec.delta: Too long: may not be more than 5 bytes"),
        errors(SPEC, "spec: {delta: bcdefgh}"));
  }

  @Test
  void anyOfReportsTheBranchWithTheMostPassingChecks() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"\": \"spec.choice\" must validate at least one schema"
                + " (anyOf)",
            "spec.choice.a: Too long: may not be more than 0 bytes"),
        errors(SPEC, "spec: {choice: {a: x}}"));
  }

  @Test
  void oneOfWithNoMatch() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"\": \"spec.source\" must validate one and only one schema"
                + " (oneOf). Found none valid",
            "spec.source.image: Required value"),
        errors(SPEC, "spec: {source: {}}"));
  }

  @Test
  void oneOfWithTwoMatches() {
    assertEquals(
        List.of(
            "<nil>: Invalid value: \"\": \"spec.source\" must validate one and only one schema"
                + " (oneOf). Found 2 valid alternatives"),
        errors(SPEC, "spec: {source: {image: a, volume: b}}"));
  }

  @Test
  void oneOfWithExactlyOneMatch() {
    assertEquals(List.of(), errors(SPEC, "spec: {source: {volume: b}}"));
  }

  @Test
  void allOfWithOneFailingBranch() {
    assertEquals(
        List.of(
            "spec.code: Too long: may not be more than 3 bytes",
            "<nil>: Invalid value: \"\": \"spec.code\" must validate all the schemas (allOf)"),
        errors(SPEC, "spec: {code: abcd}"));
  }

  @Test
  void allOfWithNoPassingBranch() {
    StructuralSchema s =
        schema(
            """
            type: object
            properties:
              code: {type: string, allOf: [{minLength: 5}, {pattern: '^x'}]}
            """);
    assertEquals(
        List.of(
            "code: Invalid value: \"ab\": code in body should be at least 5 chars long",
            "code: Invalid value: \"ab\": code in body should match '^x'",
            "<nil>: Invalid value: \"\": \"code\" must validate all the schemas (allOf). None"
                + " validated"),
        errors(s, "code: ab"));
  }

  @Test
  void notRejectsAMatch() {
    assertEquals(
        List.of("<nil>: Invalid value: \"\": \"spec.name\" must not validate the schema (not)"),
        errors(SPEC, "spec: {name: tmp-1}"));
    assertEquals(List.of(), errors(SPEC, "spec: {name: web-1}"));
  }
}
