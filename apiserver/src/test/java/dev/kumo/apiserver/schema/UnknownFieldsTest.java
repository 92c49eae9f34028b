package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.schema;
import static dev.kumo.apiserver.schema.Fixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SchemaValidator#unknownFields}: what {@code fieldValidation=Strict} reports. */
class UnknownFieldsTest {

  private static final StructuralSchema VM =
      schema(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                cpuNum: {type: integer}
                nics:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                labels:
                  type: object
                  additionalProperties: {type: string}
                selectors:
                  type: object
                  additionalProperties:
                    type: object
                    properties:
                      value: {type: string}
                config:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                  properties:
                    limits:
                      type: object
                      properties:
                        cpu: {type: string}
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  properties:
                    spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
          """);

  private static List<String> unknown(String object) {
    return SchemaValidator.unknownFields(VM, yaml(object));
  }

  @Test
  void reportsAnUndeclaredProperty() {
    assertEquals(List.of("spec.foo"), unknown("spec: {cpuNum: 1, foo: bar}"));
  }

  @Test
  void formatsTheStrictDecodingMessage() {
    assertEquals("unknown field \"spec.foo\"", SchemaValidator.unknownFieldMessage("spec.foo"));
  }

  @Test
  void rootTypeAndObjectMetaAreAlwaysKnown() {
    assertEquals(
        List.of("status"),
        unknown(
            """
            apiVersion: kumo.dev/v1
            kind: VmInstance
            metadata: {name: vm-1, anything: goes}
            status: {}
            """));
  }

  @Test
  void reportsFieldsOfListItemsWithTheirIndex() {
    assertEquals(
        List.of("spec.nics[1].mtu"), unknown("spec: {nics: [{name: a}, {name: b, mtu: 9000}]}"));
  }

  @Test
  void mapEntriesAreDeclaredByAdditionalProperties() {
    assertEquals(List.of(), unknown("spec: {labels: {team: net, tier: web}}"));
  }

  @Test
  void reportsUndeclaredFieldsOfMapValues() {
    assertEquals(
        List.of("spec.selectors.web.extra"),
        unknown("spec: {selectors: {web: {value: a, extra: b}}}"));
  }

  @Test
  void preserveUnknownFieldsKeepsUndeclaredFields() {
    assertEquals(List.of(), unknown("spec: {config: {anything: {deeply: nested}}}"));
  }

  @Test
  void declaredFieldsBelowPreserveUnknownFieldsAreStillChecked() {
    assertEquals(
        List.of("spec.config.limits.gpu"),
        unknown("spec: {config: {other: 1, limits: {cpu: '2', gpu: '1'}}}"));
  }

  @Test
  void embeddedResourcesKnowTypeAndObjectMeta() {
    assertEquals(
        List.of("spec.template.foo"),
        unknown(
            """
            spec:
              template:
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                spec: {anything: 1}
                foo: bar
            """));
  }

  @Test
  void pathsAreSorted() {
    assertEquals(
        List.of("spec.a", "spec.b", "spec.nics[0].z", "zz"),
        unknown("zz: 1\nspec: {b: 1, nics: [{z: 1}], a: 1}"));
  }

  @Test
  void doesNotModifyTheObject() {
    var object = yaml("spec: {foo: bar}");
    SchemaValidator.unknownFields(VM, object);
    assertEquals(yaml("spec: {foo: bar}"), object);
  }
}
