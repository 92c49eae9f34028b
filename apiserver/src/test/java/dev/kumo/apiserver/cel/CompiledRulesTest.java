package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the rules of one node are evaluated and how their failures are reported. */
class CompiledRulesTest {
  private static final String RANGE =
      """
      type: object
      properties:
        startIp: {type: string}
        endIp: {type: string}
        size: {type: integer}
      x-kubernetes-validations:
      """;

  private static List<String> errors(String schema, String value, String oldValue) {
    return errors(new CelRuleCompiler(), schema, value, oldValue);
  }

  private static List<String> errors(
      CelRuleCompiler compiler, String schema, String value, String oldValue) {
    return compiler
        .compile(Yaml.parse(schema))
        .validate(Yaml.parse(value), oldValue == null ? null : Yaml.parse(oldValue), "spec.range")
        .stream()
        .map(FieldError::toString)
        .toList();
  }

  @Test
  void reportsTheMessageOfAFailedRule() {
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": startIp must be set"),
        errors(RANGE + "  - {rule: has(self.startIp), message: startIp must be set}", "{}", null));
  }

  @Test
  void reportsTheRuleWhenThereIsNoMessage() {
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": failed rule: has(self.startIp)"),
        errors(RANGE + "  - {rule: has(self.startIp)}", "{}", null));
  }

  @Test
  void reportsTheEvaluatedMessageExpression() {
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": size 3 is odd"),
        errors(
            RANGE
                + "  - {rule: self.size % 2 == 0, messageExpression: \"'size ' + string(self.size)"
                + " + ' is odd'\", message: size must be even}",
            "{size: 3}",
            null));
  }

  @Test
  void fallsBackToTheMessageWhenTheMessageExpressionFails() {
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": size must be even"),
        errors(
            RANGE
                + "  - {rule: self.size % 2 == 0, messageExpression: \"'start ' + self.startIp\","
                + " message: size must be even}",
            "{size: 3}",
            null));
  }

  @Test
  void fallsBackToTheMessageWhenTheMessageExpressionIsBlank() {
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": size must be even"),
        errors(
            RANGE
                + "  - {rule: self.size % 2 == 0, messageExpression: \"' '\", message: size must be"
                + " even}",
            "{size: 3}",
            null));
  }

  @Test
  void reportsAtTheRulesFieldPath() {
    assertEquals(
        List.of("spec.range.endIp: Invalid value: \"object\": endIp must be set"),
        errors(
            RANGE + "  - {rule: has(self.endIp), message: endIp must be set, fieldPath: .endIp}",
            "{}",
            null));
  }

  @Test
  void reportsRequiredForTheFieldValueRequiredReason() {
    assertEquals(
        List.of("spec.range.endIp: Required value: endIp must be set"),
        errors(
            RANGE
                + "  - {rule: has(self.endIp), message: endIp must be set, fieldPath: .endIp,"
                + " reason: FieldValueRequired}",
            "{}",
            null));
  }

  @Test
  void reportsForbiddenForTheFieldValueForbiddenReason() {
    assertEquals(
        List.of("spec.range: Forbidden: size is not allowed"),
        errors(
            RANGE
                + "  - {rule: '!has(self.size)', message: size is not allowed, reason:"
                + " FieldValueForbidden}",
            "{size: 1}",
            null));
  }

  @Test
  void reportsDuplicateWithoutTheMessageForTheFieldValueDuplicateReason() {
    assertEquals(
        List.of("spec.range: Duplicate value: \"object\""),
        errors(
            RANGE
                + "  - {rule: self.startIp != self.endIp, message: ignored, reason:"
                + " FieldValueDuplicate}",
            "{startIp: a, endIp: a}",
            null));
  }

  @Test
  void reportsAMissingKeyAsAnEvaluationErrorOnTheNode() {
    assertEquals(
        List.of(
            "spec.range: Invalid value: \"object\": no such key: endIp evaluating rule: endIp must"
                + " be after startIp"),
        errors(
            RANGE
                + "  - {rule: self.endIp > self.startIp, message: endIp must be after startIp,"
                + " fieldPath: .endIp}",
            "{startIp: a}",
            null));
  }

  @Test
  void runsTransitionRulesOnlyOnUpdate() {
    String schema = RANGE + "  - {rule: self.size >= oldSelf.size, message: size cannot shrink}";
    assertEquals(List.of(), errors(schema, "{size: 1}", null));
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": size cannot shrink"),
        errors(schema, "{size: 1}", "{size: 2}"));
  }

  @Test
  void runsOptionalOldSelfRulesOnCreateWithNoOldValue() {
    String schema =
        RANGE
            + "  - {rule: \"oldSelf.hasValue() || self.size == 1\", optionalOldSelf: true,"
            + " message: new ranges start with size 1}";
    assertEquals(
        List.of("spec.range: Invalid value: \"object\": new ranges start with size 1"),
        errors(schema, "{size: 2}", null));
    assertEquals(List.of(), errors(schema, "{size: 2}", "{size: 1}"));
  }

  @Test
  void doesNotRunRulesOnNull() {
    assertEquals(List.of(), errors(RANGE + "  - {rule: has(self.startIp)}", "null", null));
  }

  @Test
  void leavesValuesOfTheWrongTypeToStructuralValidation() {
    assertEquals(List.of(), errors(RANGE + "  - {rule: has(self.startIp)}", "[1]", null));
  }

  @Test
  void showsScalarValuesInTheKubernetes135Style() {
    CelRuleCompiler compiler = new CelRuleCompiler(BadValueStyle.SCALAR_VALUE);
    assertEquals(
        List.of("spec.range: Invalid value: \"10.0.0.300\": must be an IP"),
        errors(
            compiler,
            "{type: string, x-kubernetes-validations: [{rule: isIP(self), message: must be an IP}]}",
            "10.0.0.300",
            null));
  }

  @Test
  void omitsObjectValuesInTheKubernetes135Style() {
    CelRuleCompiler compiler = new CelRuleCompiler(BadValueStyle.SCALAR_VALUE);
    assertEquals(
        List.of("spec.range: Invalid value: startIp must be set"),
        errors(
            compiler,
            RANGE + "  - {rule: has(self.startIp), message: startIp must be set}",
            "{}",
            null));
  }
}
