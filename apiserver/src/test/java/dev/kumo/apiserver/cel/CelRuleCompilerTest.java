package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRD authoring bugs compilation catches, as kube-apiserver rejects them on CRD creation. */
class CelRuleCompilerTest {
  private final CelRuleCompiler compiler = new CelRuleCompiler();

  private List<String> problems(String schemaYaml) {
    CelRuleCompilationException e =
        assertThrows(
            CelRuleCompilationException.class,
            () -> compiler.compileSchema(Yaml.parse(schemaYaml)));
    return e.problems().stream().map(FieldError::toString).toList();
  }

  @Test
  void rejectsAReferenceToAnUndeclaredField() {
    assertEquals(
        List.of(
            "openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value:"
                + " \"self.cpus > 0\": compilation failed: ERROR: <input>:1:5: undefined field"
                + " 'cpus'\n | self.cpus > 0\n | ....^"),
        problems(
            """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations: [{rule: self.cpus > 0}]
                properties:
                  cpu: {type: integer}
            """));
  }

  @Test
  void rejectsARuleThatIsNotBoolean() {
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].rule: Invalid value: \"self.size()\": cel"
                + " expression must evaluate to a bool"),
        problems(
            """
            type: object
            x-kubernetes-validations: [{rule: self.size()}]
            additionalProperties: {type: string}
            """));
  }

  @Test
  void rejectsComparingAnIntWithAString() {
    List<String> problems =
        problems(
            """
            type: object
            x-kubernetes-validations: [{rule: "self.cpu == '2'"}]
            properties:
              cpu: {type: integer}
            """);
    assertEquals(1, problems.size());
    assertTrue(
        problems
            .get(0)
            .contains("found no matching overload for '_==_' applied to '(int, string)'"),
        problems.get(0));
  }

  @Test
  void rejectsIndexSyntaxInsideHas() {
    List<String> problems =
        problems(
            """
            type: object
            x-kubernetes-validations: [{rule: "has(self['default'])"}]
            properties:
              default: {type: boolean}
            """);
    assertTrue(problems.get(0).contains("invalid argument to has() macro"), problems.get(0));
  }

  @Test
  void acceptsDefaultAsAFieldNameBecauseCelDoesNotReserveIt() {
    compiler.compileSchema(
        Yaml.parse(
            """
            type: object
            x-kubernetes-validations: [{rule: "!has(self.default) || self.default"}]
            properties:
              default: {type: boolean}
            """));
  }

  @Test
  void rejectsHeterogeneousListLiterals() {
    List<String> problems =
        problems(
            """
            type: object
            x-kubernetes-validations: [{rule: "[1, 'a'].size() == 2"}]
            """);
    assertTrue(problems.get(0).contains("expected type 'int' but found 'string'"), problems.get(0));
  }

  @Test
  void rejectsAnInvalidRegexLiteral() {
    List<String> problems =
        problems(
            """
            type: string
            x-kubernetes-validations: [{rule: "self.matches('[')"}]
            """);
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].rule: Invalid value:"
                + " \"self.matches('[')\": compilation failed: ERROR: <input>:1:14: invalid matches"
                + " argument: error parsing regexp: missing closing ]: `[`\n"
                + " | self.matches('[')\n"
                + " | .............^"),
        problems);
  }

  @Test
  void acceptsRe2OnlyRegexSyntax() {
    compiler.compileSchema(
        Yaml.parse(
            """
            type: string
            x-kubernetes-validations: [{rule: "self.matches('(?P<word>[a-z]+)')"}]
            """));
  }

  @Test
  void rejectsAMessageExpressionThatIsNotAString() {
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].messageExpression: Invalid value:"
                + " \"self.size()\": messageExpression must evaluate to a string"),
        problems(
            """
            type: string
            x-kubernetes-validations: [{rule: self != '', messageExpression: self.size()}]
            """));
  }

  @Test
  void rejectsAFieldPathToAnUndeclaredField() {
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].fieldPath: Invalid value: \".nope\":"
                + " fieldPath must be a valid path: does not refer to a valid field"),
        problems(
            """
            type: object
            x-kubernetes-validations: [{rule: has(self.a), fieldPath: .nope}]
            properties:
              a: {type: string}
            """));
  }

  @Test
  void rejectsAnUnknownReason() {
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].reason: Unsupported value:"
                + " \"FieldValueWrong\": supported values: \"FieldValueDuplicate\","
                + " \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\""),
        problems(
            """
            type: string
            x-kubernetes-validations: [{rule: self != '', reason: FieldValueWrong}]
            """));
  }

  @Test
  void rejectsOptionalOldSelfOnARuleWithoutOldSelf() {
    assertEquals(
        List.of(
            "openAPIV3Schema.x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may"
                + " not be set if oldSelf is not used in rule"),
        problems(
            """
            type: string
            x-kubernetes-validations: [{rule: self != '', optionalOldSelf: true}]
            """));
  }

  @Test
  void rejectsOldSelfUnderItemsOfAListThatIsNotAMap() {
    assertEquals(
        List.of(
            "openAPIV3Schema.properties[nics].items.x-kubernetes-validations[0].rule: Invalid"
                + " value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable"
                + " portion of the schema within openAPIV3Schema.properties[nics].items"),
        problems(
            """
            type: object
            properties:
              nics:
                type: array
                items:
                  type: string
                  x-kubernetes-validations: [{rule: self == oldSelf}]
            """));
  }

  @Test
  void acceptsOldSelfUnderItemsOfAMapList() {
    compiler.compileSchema(
        Yaml.parse(
            """
            type: object
            properties:
              nics:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  x-kubernetes-validations: [{rule: self.mac == oldSelf.mac}]
                  properties:
                    name: {type: string}
                    mac: {type: string}
            """));
  }

  @Test
  void rejectsAnEmptyRule() {
    assertEquals(
        List.of("openAPIV3Schema.x-kubernetes-validations[0].rule: Required value"),
        problems(
            """
            type: string
            x-kubernetes-validations: [{rule: ' ', message: m}]
            """));
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    assertEquals(
        2,
        problems(
                """
                type: object
                x-kubernetes-validations: [{rule: self.x > 0}, {rule: has(self.a)}, {rule: self.y}]
                properties:
                  a: {type: string}
                """)
            .size());
  }

  @Test
  void compilesTheRulesOfASingleNode() {
    CompiledRules rules =
        compiler.compile(
            Yaml.parse(
                """
                type: integer
                x-kubernetes-validations: [{rule: self >= 0, message: must not be negative}]
                """));
    assertEquals(
        List.of("spec.cpu: Invalid value: \"integer\": must not be negative"),
        rules.validate(Yaml.parse("-1"), null, "spec.cpu").stream()
            .map(FieldError::toString)
            .toList());
  }
}
