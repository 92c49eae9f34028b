package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Runs single rules on an empty object, for tests of the CEL environment's functions. */
final class RuleAssertions {
  private static final CelRuleCompiler COMPILER = new CelRuleCompiler();

  private RuleAssertions() {}

  /** Asserts that {@code rule} compiles and evaluates to true. */
  static void assertHolds(String rule) {
    assertEquals(List.of(), evaluate(rule), rule);
  }

  /** Asserts that {@code rule} compiles and evaluates to false. */
  static void assertFails(String rule) {
    assertEquals(
        List.of("<nil>: Invalid value: \"object\": failed rule: " + rule), evaluate(rule), rule);
  }

  /** The rendered errors of running {@code rule} on {@code {}}. */
  static List<String> evaluate(String rule) {
    ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    schema.putArray(CelRule.EXTENSION).addObject().put("rule", rule);
    return COMPILER
        .compile(schema)
        .validate(JsonNodeFactory.instance.objectNode(), null, "")
        .stream()
        .map(FieldError::toString)
        .toList();
  }
}
