package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.object;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SchemaPruner}: pruning of unknown fields and of nulls without defaults. */
class SchemaPrunerTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                cpuNum: {type: integer}
                note: {type: string, nullable: true}
                state: {type: string, default: Running}
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
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  properties:
                    data: {type: object, additionalProperties: {type: string}}
          """);

  @Test
  void removesUnknownFieldsAndReturnsTheirPaths() {
    ObjectNode vm = object("spec: {cpuNum: 2, foo: bar, nics: [{name: eth0, mtu: 9000}]}");
    List<String> pruned = SchemaPruner.prune(VM, vm);
    assertEquals(List.of("spec.foo", "spec.nics[0].mtu"), pruned);
    assertEquals(object("spec: {cpuNum: 2, nics: [{name: eth0}]}"), vm);
  }

  @Test
  void keepsRootTypeAndObjectMetaUntouched() {
    ObjectNode vm =
        object(
            """
            apiVersion: kumo.dev/v1
            kind: VmInstance
            metadata: {name: vm-1, labels: {a: b}}
            extra: 1
            """);
    SchemaPruner.prune(VM, vm);
    assertEquals(
        object(
            """
            apiVersion: kumo.dev/v1
            kind: VmInstance
            metadata: {name: vm-1, labels: {a: b}}
            """),
        vm);
  }

  @Test
  void keepsEverythingBelowPreserveUnknownFields() {
    ObjectNode vm = object("spec: {config: {any: {thing: [1, 2]}}}");
    assertEquals(List.of(), SchemaPruner.prune(VM, vm));
    assertEquals(object("spec: {config: {any: {thing: [1, 2]}}}"), vm);
  }

  @Test
  void keepsMapEntries() {
    ObjectNode vm = object("spec: {labels: {team: net}}");
    SchemaPruner.prune(VM, vm);
    assertEquals(object("spec: {labels: {team: net}}"), vm);
  }

  @Test
  void keepsTypeAndObjectMetaOfEmbeddedResources() {
    ObjectNode vm =
        object(
            """
            spec:
              template:
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                data: {k: v}
                junk: true
            """);
    assertEquals(List.of("spec.template.junk"), SchemaPruner.prune(VM, vm));
    assertEquals(
        object(
            """
            spec:
              template:
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                data: {k: v}
            """),
        vm);
  }

  @Test
  void dropsNullsOfNonNullableFieldsWithoutDefault() {
    ObjectNode vm = object("spec: {cpuNum: null, note: null, state: null}");
    SchemaPruner.pruneNonNullableNullsWithoutDefaults(VM, vm);
    assertEquals(object("spec: {note: null, state: null}"), vm);
  }

  @Test
  void dropsNullMapValuesAndNullsInListItems() {
    ObjectNode vm = object("spec: {labels: {a: null, b: x}, nics: [{name: null}]}");
    SchemaPruner.pruneNonNullableNullsWithoutDefaults(VM, vm);
    assertEquals(object("spec: {labels: {b: x}, nics: [{}]}"), vm);
  }
}
