package dev.kumo.apiserver.patch.managed;

import static dev.kumo.apiserver.patch.managed.TestObjects.API_VERSION;
import static dev.kumo.apiserver.patch.managed.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FieldManagerApplyTest {
  private static final Instant T1 = Instant.parse("2026-11-23T07:52:48.731Z");
  private static final Instant T2 = Instant.parse("2026-11-23T07:53:10Z");
  private final FieldManager vms =
      new FieldManager(TestObjects.vmSchema(), API_VERSION, "VmInstance", true);

  private static JsonNode entry(ObjectNode obj, String manager) {
    for (JsonNode e : obj.path("metadata").path("managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void serverSideApplyThenStatusApplyGiveTheReferenceFieldsV1() {
    ObjectNode applied =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default','labels':{'app':'demo'}},
             'spec':{'cpuNum':2,'memorySize':'2Gi','l3NetworkRefs':['l3-public'],
                     'nics':[{'name':'eth0','l3':'l3-public'}]}}
            """);
    ObjectNode created = vms.apply(null, applied, "kubectl", false, null, T1).object();
    created.with("metadata").put("uid", "u1").put("resourceVersion", "1");

    ObjectNode status =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default'},
             'status':{'observedGeneration':1,'state':'Running'}}
            """);
    ObjectNode result = vms.apply(created, status, "vm-controller", true, "status", T2).object();

    assertEquals(
        TestObjects.raw(
            """
            [{"manager":"kubectl","operation":"Apply","apiVersion":"compute.kumo.dev/v1alpha1",
              "time":"2026-11-23T07:52:48Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},
                          "f:spec":{"f:cpuNum":{},"f:memorySize":{},
                                    "f:l3NetworkRefs":{"v:\\"l3-public\\"":{}},
                                    "f:nics":{"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}},
             {"manager":"vm-controller","operation":"Apply","apiVersion":"compute.kumo.dev/v1alpha1",
              "time":"2026-11-23T07:53:10Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:status":{"f:observedGeneration":{},"f:state":{}}},
              "subresource":"status"}]
            """),
        result.path("metadata").path("managedFields"));
    assertEquals(json("{'observedGeneration':1,'state':'Running'}"), result.get("status"));
    assertEquals(created.get("spec"), result.get("spec"));
  }
}
