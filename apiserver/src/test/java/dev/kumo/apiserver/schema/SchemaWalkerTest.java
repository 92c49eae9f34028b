package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.schema;
import static dev.kumo.apiserver.schema.Fixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SchemaWalker}: the traversal a CEL evaluator plugs into. */
class SchemaWalkerTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          x-kubernetes-validations:
            - rule: has(self.spec)
          properties:
            spec:
              type: object
              properties:
                cpuNum:
                  type: integer
                  x-kubernetes-validations:
                    - {rule: self <= 64, message: too many CPUs}
                nics:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                labels:
                  type: object
                  additionalProperties: {type: string}
                config:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
          """);

  @Test
  void visitsEveryDeclaredValueWithKubernetesPaths() {
    List<String> visited = new ArrayList<>();
    SchemaWalker.walk(
        VM,
        yaml(
            """
            spec:
              cpuNum: 2
              nics: [{name: eth0}]
              labels: {team: net}
              config: {free: form}
            """),
        (path, schema, value) -> visited.add(path + " = " + value));
    assertEquals(
        List.of(
            "<nil> = {\"spec\":{\"cpuNum\":2,\"nics\":[{\"name\":\"eth0\"}],\"labels\":{\"team\":\"net\"},\"config\":{\"free\":\"form\"}}}",
            "spec = {\"cpuNum\":2,\"nics\":[{\"name\":\"eth0\"}],\"labels\":{\"team\":\"net\"},\"config\":{\"free\":\"form\"}}",
            "spec.cpuNum = 2",
            "spec.nics = [{\"name\":\"eth0\"}]",
            "spec.nics[0] = {\"name\":\"eth0\"}",
            "spec.nics[0].name = \"eth0\"",
            "spec.labels = {\"team\":\"net\"}",
            "spec.labels[team] = \"net\"",
            "spec.config = {\"free\":\"form\"}"),
        visited);
  }

  @Test
  void handsTheRawValidationRulesToTheVisitor() {
    List<String> rules = new ArrayList<>();
    SchemaWalker.walk(
        VM,
        yaml("spec: {cpuNum: 2}"),
        (path, schema, value) ->
            schema.validationRules().forEach(r -> rules.add(path + ": " + r.get("rule").asText())));
    assertEquals(List.of("<nil>: has(self.spec)", "spec.cpuNum: self <= 64"), rules);
  }
}
