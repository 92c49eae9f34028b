package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CelRuleTest {
  @Test
  void readsEveryFieldOfARule() {
    List<CelRule> rules =
        CelRule.fromSchema(
            Yaml.parse(
                """
                type: object
                x-kubernetes-validations:
                  - rule: self.a == oldSelf.a
                    message: a is immutable
                    messageExpression: "'a was ' + oldSelf.a"
                    reason: FieldValueForbidden
                    fieldPath: .a
                    optionalOldSelf: true
                """));
    assertEquals(
        List.of(
            new CelRule(
                "self.a == oldSelf.a",
                "a is immutable",
                "'a was ' + oldSelf.a",
                "FieldValueForbidden",
                ".a",
                true)),
        rules);
  }

  @Test
  void leavesUnsetFieldsNull() {
    assertEquals(
        List.of(new CelRule("self > 0", null, null, null, null, false)),
        CelRule.fromSchema(Yaml.parse("x-kubernetes-validations: [{rule: self > 0}]")));
  }

  @Test
  void findsNoRulesOnANodeWithoutValidations() {
    assertEquals(List.of(), CelRule.fromSchema(Yaml.parse("type: string")));
  }

  @Test
  void rejectsValidationsThatAreNotAList() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CelRule.fromSchema(Yaml.parse("x-kubernetes-validations: {rule: self}")));
  }

  @Test
  void defaultsTheMessageToTheRule() {
    assertEquals("failed rule: self > 0", CelRule.of(" self > 0 ", null).messageOrDefault());
  }
}
