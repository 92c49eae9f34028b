package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.errors;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code x-kubernetes-list-type: set | map} uniqueness. */
class ListTypeValidationTest {

  private static final StructuralSchema SPEC =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                tags:
                  type: array
                  x-kubernetes-list-type: set
                  items: {type: string}
                sizes:
                  type: array
                  x-kubernetes-list-type: set
                  items: {type: number}
                rules:
                  type: array
                  x-kubernetes-list-type: set
                  items:
                    type: object
                    properties:
                      port: {type: integer}
                      protocol: {type: string}
                nics:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name]
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      ip: {type: string}
                ports:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name, protocol]
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      protocol: {type: string}
                atomic:
                  type: array
                  x-kubernetes-list-type: atomic
                  items: {type: string}
                groups:
                  type: object
                  additionalProperties:
                    type: array
                    x-kubernetes-list-type: set
                    items: {type: string}
          """);

  @Test
  void setRejectsARepeatedScalar() {
    assertEquals(
        List.of("spec.tags[2]: Duplicate value: \"a\""), errors(SPEC, "spec: {tags: [a, b, a]}"));
  }

  @Test
  void setReportsEachRepeatedValueOnce() {
    assertEquals(
        List.of("spec.tags[1]: Duplicate value: \"a\""), errors(SPEC, "spec: {tags: [a, a, a]}"));
  }

  @Test
  void setTellsIntegersFromFloats() {
    assertEquals(List.of(), errors(SPEC, "spec: {sizes: [1, 1.0]}"));
    assertEquals(
        List.of("spec.sizes[1]: Duplicate value: 1.5"), errors(SPEC, "spec: {sizes: [1.5, 1.5]}"));
  }

  @Test
  void setComparesObjectsByContent() {
    assertEquals(
        List.of("spec.rules[1]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}"),
        errors(SPEC, "spec: {rules: [{port: 80, protocol: TCP}, {protocol: TCP, port: 80}]}"));
  }

  @Test
  void mapListRejectsARepeatedKey() {
    assertEquals(
        List.of("spec.nics[1]: Duplicate value: {\"name\":\"eth0\"}"),
        errors(SPEC, "spec: {nics: [{name: eth0, ip: 10.0.0.1}, {name: eth0, ip: 10.0.0.2}]}"));
  }

  @Test
  void mapListWithCompositeKeys() {
    assertEquals(
        List.of("spec.ports[2]: Duplicate value: {\"name\":\"http\",\"protocol\":\"TCP\"}"),
        errors(
            SPEC,
            """
            spec:
              ports:
              - {name: http, protocol: TCP}
              - {name: http, protocol: UDP}
              - {protocol: TCP, name: http}
            """));
  }

  @Test
  void mapListItemsWithoutTheKeyCollide() {
    assertEquals(
        List.of("spec.nics[1]: Duplicate value: {}"),
        errors(SPEC, "spec: {nics: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]}"));
  }

  @Test
  void mapListItemsMustBeObjects() {
    assertEquals(
        List.of(
            "spec.nics[0]: Invalid value: \"string\": spec.nics[0] in body must be of type object:"
                + " \"string\"",
            "spec.nics[0]: Invalid value: \"eth0\": must be an object for an array of list-type"
                + " map"),
        errors(SPEC, "spec: {nics: [eth0]}"));
  }

  @Test
  void atomicListsMayRepeat() {
    assertEquals(List.of(), errors(SPEC, "spec: {atomic: [a, a]}"));
  }

  @Test
  void setsInsideMapsUseTheKeyInBrackets() {
    assertEquals(
        List.of("spec.groups[web][1]: Duplicate value: \"a\""),
        errors(SPEC, "spec: {groups: {web: [a, a]}}"));
  }
}
