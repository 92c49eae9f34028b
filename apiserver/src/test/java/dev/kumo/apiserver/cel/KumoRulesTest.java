package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules Kumo's own CRDs use, checked against sample resources and broken specs. */
class KumoRulesTest {
  private static final JsonNode VM_SCHEMA =
      Yaml.parse(
          """
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: has(self.instanceOfferingRef) || (has(self.cpu) && has(self.memory))
                  message: either instanceOfferingRef or both cpu and memory must be set
                - rule: self.nics.filter(n, has(n.default) && n.default).size() <= 1
                  message: at most one NIC may be the default
                - rule: self.nics.all(a, self.nics.exists_one(b, b.l3NetworkRef == a.l3NetworkRef))
                  message: a VM may have only one NIC on each L3 network
                - rule: self.creationStrategy == oldSelf.creationStrategy
                  message: creationStrategy is immutable
              properties:
                instanceOfferingRef: {type: string}
                cpu: {type: integer}
                memory: {type: string}
                creationStrategy:
                  type: string
                  x-kubernetes-validations:
                    - rule: self == oldSelf
                      message: creationStrategy is immutable
                nics:
                  type: array
                  items:
                    type: object
                    properties:
                      l3NetworkRef: {type: string}
                      default: {type: boolean}
          """);

  private static final JsonNode L3_SCHEMA =
      Yaml.parse(
          """
          type: object
          properties:
            spec:
              type: object
              properties:
                prefixLength:
                  type: integer
                ipRanges:
                  type: array
                  items:
                    type: object
                    x-kubernetes-validations:
                      - rule: >-
                          ((int(self.startIp.split('.')[0])*256+int(self.startIp.split('.')[1]))*256
                          +int(self.startIp.split('.')[2]))*256+int(self.startIp.split('.')[3])
                          <= ((int(self.endIp.split('.')[0])*256+int(self.endIp.split('.')[1]))*256
                          +int(self.endIp.split('.')[2]))*256+int(self.endIp.split('.')[3])
                        message: startIp must not be greater than endIp
                    properties:
                      startIp: {type: string}
                      endIp: {type: string}
              x-kubernetes-validations:
                - rule: >-
                    !has(self.prefixLength) ||
                    [4294967296, 2147483648, 1073741824, 536870912, 268435456, 134217728,
                    67108864, 33554432, 16777216, 8388608, 4194304, 2097152, 1048576, 524288,
                    262144, 131072, 65536, 32768, 16384, 8192, 4096, 2048, 1024, 512, 256, 128,
                    64, 32, 16, 8, 4, 2, 1][self.prefixLength] >= 256
                  message: the network must hold at least 256 addresses
                - rule: "!has(self.prefixLength) || self.prefixLength % 4 == 0 || self.prefixLength / 4 >= 4"
                  message: below /16, prefixLength must be a multiple of 4
          """);

  private final CelValidator validator = new CelValidator();

  private List<String> errors(JsonNode schema, String object) {
    return render(validator.validateObject(schema, Yaml.parse(object), null));
  }

  private List<String> updateErrors(JsonNode schema, String object, String oldObject) {
    return render(validator.validateObject(schema, Yaml.parse(object), Yaml.parse(oldObject)));
  }

  private static List<String> render(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }

  @Test
  void acceptsAVmSizedByInstanceOffering() {
    assertTrue(errors(VM_SCHEMA, "spec: {instanceOfferingRef: small, nics: []}").isEmpty());
  }

  @Test
  void acceptsAVmSizedByCpuAndMemory() {
    assertTrue(errors(VM_SCHEMA, "spec: {cpu: 2, memory: 4Gi, nics: []}").isEmpty());
  }

  @Test
  void rejectsAVmWithCpuButNoMemory() {
    assertEquals(
        List.of(
            "spec: Invalid value: \"object\": either instanceOfferingRef or both cpu and memory"
                + " must be set"),
        errors(VM_SCHEMA, "spec: {cpu: 2, nics: []}"));
  }

  @Test
  void rejectsTwoDefaultNics() {
    String vm =
        """
        spec:
          instanceOfferingRef: small
          nics:
            - {l3NetworkRef: a, default: true}
            - {l3NetworkRef: b, default: true}
            - {l3NetworkRef: c}
        """;
    assertEquals(
        List.of("spec: Invalid value: \"object\": at most one NIC may be the default"),
        errors(VM_SCHEMA, vm));
  }

  @Test
  void acceptsOneDefaultNicAndNicsWithoutTheField() {
    String vm =
        """
        spec:
          instanceOfferingRef: small
          nics:
            - {l3NetworkRef: a, default: true}
            - {l3NetworkRef: b, default: false}
            - {l3NetworkRef: c}
        """;
    assertTrue(errors(VM_SCHEMA, vm).isEmpty());
  }

  @Test
  void rejectsTwoNicsOnTheSameL3Network() {
    String vm =
        """
        spec:
          instanceOfferingRef: small
          nics: [{l3NetworkRef: a}, {l3NetworkRef: a}]
        """;
    assertEquals(
        List.of("spec: Invalid value: \"object\": a VM may have only one NIC on each L3 network"),
        errors(VM_SCHEMA, vm));
  }

  @Test
  void transitionRulesDoNotRunOnCreate() {
    assertTrue(
        errors(VM_SCHEMA, "spec: {instanceOfferingRef: s, creationStrategy: Now, nics: []}")
            .isEmpty());
  }

  @Test
  void rejectsChangingCreationStrategyOnUpdate() {
    assertEquals(
        List.of(
            "spec: Invalid value: \"object\": creationStrategy is immutable",
            "spec.creationStrategy: Invalid value: \"string\": creationStrategy is immutable"),
        updateErrors(
            VM_SCHEMA,
            "spec: {instanceOfferingRef: s, creationStrategy: Later, nics: []}",
            "spec: {instanceOfferingRef: s, creationStrategy: Now, nics: []}"));
  }

  @Test
  void acceptsAnUpdateKeepingCreationStrategy() {
    assertTrue(
        updateErrors(
                VM_SCHEMA,
                "spec: {instanceOfferingRef: s, creationStrategy: Now, nics: [], cpu: 4}",
                "spec: {instanceOfferingRef: s, creationStrategy: Now, nics: []}")
            .isEmpty());
  }

  @Test
  void rejectsAnIpRangeWhoseStartIsAfterItsEnd() {
    String l3 =
        """
        spec:
          ipRanges:
            - {startIp: 10.0.0.1, endIp: 10.0.0.200}
            - {startIp: 10.0.1.10, endIp: 10.0.0.255}
        """;
    assertEquals(
        List.of(
            "spec.ipRanges[1]: Invalid value: \"object\": startIp must not be greater than endIp"),
        errors(L3_SCHEMA, l3));
  }

  @Test
  void comparesIpRangesNumericallyNotAsText() {
    assertTrue(
        errors(L3_SCHEMA, "spec: {ipRanges: [{startIp: 10.0.0.9, endIp: 10.0.0.10}]}").isEmpty());
  }

  @Test
  void indexesAListLiteralWithAField() {
    assertEquals(
        List.of("spec: Invalid value: \"object\": the network must hold at least 256 addresses"),
        errors(L3_SCHEMA, "spec: {prefixLength: 25, ipRanges: []}"));
  }

  @Test
  void rejectsAShortPrefixThatIsNotAMultipleOfFour() {
    assertEquals(
        List.of("spec: Invalid value: \"object\": below /16, prefixLength must be a multiple of 4"),
        errors(L3_SCHEMA, "spec: {prefixLength: 14, ipRanges: []}"));
  }

  @Test
  void acceptsAnyLongPrefix() {
    assertTrue(errors(L3_SCHEMA, "spec: {prefixLength: 17, ipRanges: []}").isEmpty());
  }

  @Test
  void reportsAnOutOfRangeListIndexAsAnEvaluationError() {
    assertEquals(
        List.of(
            "spec: Invalid value: \"object\": Index out of bounds: 40 evaluating rule: the network"
                + " must hold at least 256 addresses"),
        errors(L3_SCHEMA, "spec: {prefixLength: 40, ipRanges: []}"));
  }
}
