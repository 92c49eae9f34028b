package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.object;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** {@link SchemaDefaulter}: structural defaulting as kube-apiserver applies it. */
class SchemaDefaulterTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                state: {type: string, default: Running}
                annotations:
                  type: object
                  properties:
                    note: {type: string, nullable: true, default: none}
                network:
                  type: object
                  default: {}
                  properties:
                    mtu: {type: integer, default: 1500}
                storage:
                  type: object
                  properties:
                    pool: {type: string, default: local}
                nics:
                  type: array
                  items:
                    type: object
                    default: {name: eth0}
                    properties:
                      name: {type: string}
                      model: {type: string, default: virtio}
                labels:
                  type: object
                  additionalProperties: {type: string, default: unset}
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
          """);

  private static ObjectNode defaulted(String yaml) {
    ObjectNode vm = object(yaml);
    SchemaDefaulter.applyDefaults(VM, vm);
    return vm;
  }

  @Test
  void fillsAnAbsentPropertyOfAPresentObject() {
    assertEquals(object("spec: {state: Running, network: {mtu: 1500}}"), defaulted("spec: {}"));
  }

  @Test
  void keepsAPresentValue() {
    assertEquals(
        object("spec: {state: Stopped, network: {mtu: 9000}}"),
        defaulted("spec: {state: Stopped, network: {mtu: 9000}}"));
  }

  @Test
  void doesNotCreateAnAbsentObjectWithoutDefault() {
    assertEquals(object("metadata: {name: vm-1}"), defaulted("metadata: {name: vm-1}"));
  }

  @Test
  void defaultsInsidePresentNestedObjects() {
    assertEquals(
        object("spec: {state: Running, network: {mtu: 1500}, storage: {pool: local}}"),
        defaulted("spec: {storage: {}}"));
  }

  @Test
  void defaultsEveryListItem() {
    assertEquals(
        object(
            "spec: {state: Running, network: {mtu: 1500}, nics: [{name: a, model: virtio},"
                + " {name: b, model: e1000}]}"),
        defaulted("spec: {nics: [{name: a}, {name: b, model: e1000}]}"));
  }

  @Test
  void replacesANullListItemByTheItemsDefault() {
    assertEquals(
        object("spec: {state: Running, network: {mtu: 1500}, nics: [{name: eth0, model: virtio}]}"),
        defaulted("spec: {nics: [null]}"));
  }

  @Test
  void replacesANonNullableNullByTheDefault() {
    assertEquals(
        object("spec: {state: Running, network: {mtu: 1500}}"), defaulted("spec: {state: null}"));
  }

  @Test
  void keepsANullableNull() {
    assertEquals(
        object("spec: {annotations: {note: null}, state: Running, network: {mtu: 1500}}"),
        defaulted("spec: {annotations: {note: null}}"));
  }

  @Test
  void replacesANullMapValueByTheAdditionalPropertiesDefault() {
    assertEquals(
        object("spec: {labels: {a: unset, b: x}, state: Running, network: {mtu: 1500}}"),
        defaulted("spec: {labels: {a: null, b: x}}"));
  }

  @Test
  void neverDefaultsUnknownFieldsBelowPreserveUnknownFields() {
    assertEquals(
        object("spec: {extra: {state: null, nics: [null]}, state: Running, network: {mtu: 1500}}"),
        defaulted("spec: {extra: {state: null, nics: [null]}}"));
  }

  @Test
  void defaultsAreCopiedNotShared() {
    ObjectNode first = defaulted("spec: {}");
    ((ObjectNode) first.get("spec").get("network")).put("mtu", 1);
    assertEquals(object("spec: {state: Running, network: {mtu: 1500}}"), defaulted("spec: {}"));
  }
}
