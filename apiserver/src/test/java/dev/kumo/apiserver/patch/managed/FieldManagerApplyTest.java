package dev.kumo.apiserver.patch.managed;

import static dev.kumo.apiserver.patch.managed.TestObjects.API_VERSION;
import static dev.kumo.apiserver.patch.managed.TestObjects.json;
import static dev.kumo.apiserver.patch.managed.TestObjects.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.rest.ApiException;
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

  /** A VM created by kubectl's client-side apply (POST, manager kubectl-client-side-apply). */
  private ObjectNode createdByClientSideApply(String lastApplied) {
    ObjectNode vm =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default','labels':{'app':'demo'}},
             'spec':{'cpuNum':2,'memorySize':'2Gi'}}
            """);
    if (lastApplied != null) {
      vm.with("metadata").with("annotations").put(FieldManager.LAST_APPLIED, lastApplied);
    }
    ObjectNode stored = vms.trackUpdate(null, vm, "kubectl-client-side-apply", null, T1);
    stored.with("metadata").put("uid", "u1").put("resourceVersion", "1");
    return stored;
  }

  private static ObjectNode vmApply(String spec) {
    return json(
        "{'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',"
            + "'metadata':{'name':'vm1','namespace':'default'},'spec':"
            + spec
            + "}");
  }

  @Test
  void josdkFinalizerApplyOwnsOnlyTheFinalizer() {
    ObjectNode live = createdByClientSideApply(null);
    ObjectNode applied =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default',
                         'finalizers':['vminstances.compute.kumo.dev/finalizer']}}
            """);
    ApplyResult result = vms.apply(live, applied, "vm-controller", true, null, T2);
    assertTrue(result.changed());
    assertEquals(
        raw(
            "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"vminstances.compute.kumo.dev/finalizer\\\"\":{}}}}"),
        entry(result.object(), "vm-controller").get("fieldsV1"));
    assertEquals("Apply", entry(result.object(), "vm-controller").get("operation").asText());
    assertEquals(live.get("spec"), result.object().get("spec"));
    assertEquals(
        raw("[\"vminstances.compute.kumo.dev/finalizer\"]"),
        result.object().path("metadata").get("finalizers"));
    // The updater's entry is untouched, time included.
    assertEquals(
        entry(live, "kubectl-client-side-apply"),
        entry(result.object(), "kubectl-client-side-apply"));
  }

  @Test
  void oneConflictWithAnUpdater() {
    ObjectNode live = createdByClientSideApply(null);
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> vms.apply(live, vmApply("{'cpuNum':4}"), "ops", false, null, T2));
    assertEquals(409, e.code());
    assertEquals(
        json(
            """
            {'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',
             'message':'Apply failed with 1 conflict: conflict with \\'kubectl-client-side-apply\\' using compute.kumo.dev/v1alpha1: .spec.cpuNum',
             'reason':'Conflict',
             'details':{'causes':[{'reason':'FieldManagerConflict',
               'message':'conflict with \\'kubectl-client-side-apply\\' using compute.kumo.dev/v1alpha1',
               'field':'.spec.cpuNum'}]},
             'code':409}
            """
                .replace("\\'", "\\u0022")),
        e.status());
  }

  @Test
  void twoConflictsAreListedPerManager() {
    ObjectNode live = createdByClientSideApply(null);
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                vms.apply(
                    live, vmApply("{'cpuNum':4,'memorySize':'4Gi'}"), "ops", false, null, T2));
    assertEquals(
        "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using"
            + " compute.kumo.dev/v1alpha1:\n- .spec.cpuNum\n- .spec.memorySize",
        e.getMessage());
    assertEquals(2, e.status().path("details").path("causes").size());
    assertEquals(
        ".spec.memorySize",
        e.status().path("details").path("causes").get(1).path("field").asText());
  }

  @Test
  void conflictWithAnApplierNamesItWithoutVersion() {
    ObjectNode live = vms.apply(null, vmApply("{'cpuNum':2}"), "kubectl", false, null, T1).object();
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> vms.apply(live, vmApply("{'cpuNum':3}"), "ops", false, null, T2));
    assertEquals(
        "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.cpuNum", e.getMessage());
  }

  @Test
  void forceTakesOwnershipAndEqualValuesShareIt() {
    ObjectNode live = createdByClientSideApply(null);
    ObjectNode forced = vms.apply(live, vmApply("{'cpuNum':4}"), "ops", true, null, T2).object();
    assertEquals(4, forced.path("spec").path("cpuNum").asInt());
    assertEquals(raw("{\"f:spec\":{\"f:cpuNum\":{}}}"), entry(forced, "ops").get("fieldsV1"));
    JsonNode csa = entry(forced, "kubectl-client-side-apply").get("fieldsV1");
    assertFalse(csa.path("f:spec").has("f:cpuNum"));
    assertTrue(csa.path("f:spec").has("f:memorySize"));

    ObjectNode shared =
        vms.apply(live, vmApply("{'memorySize':'2Gi'}"), "ops", false, null, T2).object();
    assertTrue(entry(shared, "ops").path("fieldsV1").path("f:spec").has("f:memorySize"));
    assertTrue(
        entry(shared, "kubectl-client-side-apply")
            .path("fieldsV1")
            .path("f:spec")
            .has("f:memorySize"));
  }

  @Test
  void fieldsAnApplierStopsApplyingAreRemovedUnlessOthersOwnThem() {
    ObjectNode first =
        vmApply(
            """
            {'cpuNum':2,'memorySize':'2Gi','l3NetworkRefs':['a','b'],
             'nics':[{'name':'eth0','l3':'a'},{'name':'eth1','l3':'b'},{'name':'eth2','l3':'c'}]}
            """);
    ObjectNode live = vms.apply(null, first, "kubectl", false, null, T1).object();
    ObjectNode other = vmApply("{'nics':[{'name':'eth2','l3':'c'}]}");
    live = vms.apply(live, other, "other", false, null, T1).object();

    ObjectNode second =
        vmApply("{'cpuNum':2,'l3NetworkRefs':['a'],'nics':[{'name':'eth0','l3':'a'}]}");
    ObjectNode result = vms.apply(live, second, "kubectl", false, null, T2).object();
    assertEquals(
        json(
            """
            {'cpuNum':2,'l3NetworkRefs':['a'],
             'nics':[{'name':'eth0','l3':'a'},{'name':'eth2','l3':'c'}]}
            """),
        result.get("spec"));
    assertEquals(
        raw(
            """
            {"f:spec":{"f:cpuNum":{},"f:l3NetworkRefs":{"v:\\"a\\"":{}},
                       "f:nics":{"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}
            """),
        entry(result, "kubectl").get("fieldsV1"));
  }

  @Test
  void kubectlServerSideApplyTakesOverFromClientSideApply() {
    String lastApplied =
        "{\"apiVersion\":\"compute.kumo.dev/v1alpha1\",\"kind\":\"VmInstance\","
            + "\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"demo\"},\"name\":\"vm1\","
            + "\"namespace\":\"default\"},\"spec\":{\"cpuNum\":2,\"memorySize\":\"2Gi\"}}\n";
    ObjectNode live = createdByClientSideApply(lastApplied);
    ObjectNode ssa = vmApply("{'cpuNum':4,'memorySize':'2Gi'}");
    ssa.with("metadata").with("labels").put("app", "demo");

    ApiException e =
        assertThrows(ApiException.class, () -> vms.apply(live, ssa, "ops", false, null, T2));
    assertTrue(e.getMessage().contains("conflict with \"kubectl-client-side-apply\""));

    ObjectNode result = vms.apply(live, ssa, "kubectl", false, null, T2).object();
    assertEquals(4, result.path("spec").path("cpuNum").asInt());
    assertEquals(
        raw(
            """
            {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:cpuNum":{},"f:memorySize":{}}}
            """),
        entry(result, "kubectl").get("fieldsV1"));
    assertEquals(
        "{\"apiVersion\":\"compute.kumo.dev/v1alpha1\",\"kind\":\"VmInstance\",\"metadata\":"
            + "{\"labels\":{\"app\":\"demo\"},\"name\":\"vm1\",\"namespace\":\"default\"},"
            + "\"spec\":{\"cpuNum\":4,\"memorySize\":\"2Gi\"}}\n",
        result.path("metadata").path("annotations").path(FieldManager.LAST_APPLIED).asText());

    ObjectNode edited = result.deepCopy();
    edited.with("spec").put("memorySize", "3Gi");
    ObjectNode afterEdit = vms.trackUpdate(result, edited, "kubectl-edit", null, T2);
    afterEdit.with("metadata").with("annotations").put(FieldManager.LAST_APPLIED, lastApplied);
    ObjectNode again = vmApply("{'cpuNum':4,'memorySize':'5Gi'}");
    ApiException fromEdit =
        assertThrows(
            ApiException.class, () -> vms.apply(afterEdit, again, "kubectl", false, null, T2));
    assertEquals(
        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using"
            + " compute.kumo.dev/v1alpha1: .spec.memorySize",
        fromEdit.getMessage());
  }

  @Test
  void statusIsIgnoredOnTheMainResourceAndOnlyTakenOnStatus() {
    ObjectNode live = createdByClientSideApply(null);
    ObjectNode withStatus = vmApply("{'cpuNum':2}");
    withStatus.putObject("status").put("state", "Hacked");
    ObjectNode main = vms.apply(live, withStatus, "ops", false, null, T2).object();
    assertNull(main.get("status"));
    assertEquals(raw("{\"f:spec\":{\"f:cpuNum\":{}}}"), entry(main, "ops").get("fieldsV1"));

    ObjectNode statusApply = vmApply("{'cpuNum':99}");
    statusApply.putObject("status").put("state", "Running");
    ObjectNode status = vms.apply(live, statusApply, "ops", false, "status", T2).object();
    assertEquals(2, status.path("spec").path("cpuNum").asInt());
    assertEquals("Running", status.path("status").path("state").asText());
    JsonNode e = entry(status, "ops");
    assertEquals("status", e.get("subresource").asText());
    assertEquals(raw("{\"f:status\":{\"f:state\":{}}}"), e.get("fieldsV1"));
  }

  @Test
  void realCrdStatusConditionsAreAMapListByType() {
    FieldManager real =
        new FieldManager(
            TestObjects.crdSchema("vminstances.compute.kumo.dev.yaml"),
            API_VERSION,
            "VmInstance",
            true);
    ObjectNode applied =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default'},
             'status':{'state':'Running','conditions':[{'type':'Ready','status':'True',
               'reason':'Running','message':'','lastTransitionTime':'2026-11-23T07:53:10Z'}]}}
            """);
    ObjectNode live =
        json(
            "{'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',"
                + "'metadata':{'name':'vm1','namespace':'default','uid':'u1'},'spec':{'imageRef':'img'}}");
    ObjectNode result = real.apply(live, applied, "vm-controller", true, "status", T2).object();
    assertEquals(
        raw(
            """
            {"f:status":{"f:state":{},"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":
              {".":{},"f:lastTransitionTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}}}}}
            """),
        entry(result, "vm-controller").get("fieldsV1"));
    // The object had no managed fields, but on /status its spec is a reset field: nothing goes to
    // before-first-apply.
    assertEquals(1, result.path("metadata").path("managedFields").size());
  }

  @Test
  void requestsKubeRefusesAreRefusedWithItsMessages() {
    ObjectNode wrongKind = vmApply("{'cpuNum':1}").put("kind", "Vm");
    ApiException e1 =
        assertThrows(ApiException.class, () -> vms.apply(null, wrongKind, "ops", false, null, T1));
    assertEquals(400, e1.code());
    assertEquals("invalid object type: compute.kumo.dev/v1alpha1, Kind=Vm", e1.getMessage());

    ObjectNode withManagedFields = vmApply("{'cpuNum':1}");
    withManagedFields.with("metadata").putArray("managedFields");
    ApiException e2 =
        assertThrows(
            ApiException.class, () -> vms.apply(null, withManagedFields, "ops", false, null, T1));
    assertEquals("metadata.managedFields must be nil", e2.getMessage());

    ApiException e3 =
        assertThrows(
            ApiException.class,
            () -> vms.apply(null, vmApply("{'foo':1}"), "ops", false, null, T1));
    assertEquals(500, e3.code());
    assertEquals(
        "failed to create typed patch object (default/vm1; compute.kumo.dev/v1alpha1,"
            + " Kind=VmInstance): .spec.foo: field not declared in schema",
        e3.getMessage());

    ApiException e4 =
        assertThrows(
            ApiException.class,
            () -> vms.apply(null, vmApply("{'nics':[{'l3':'a'}]}"), "ops", false, null, T1));
    assertTrue(
        e4.getMessage()
            .endsWith(
                ".spec.nics: element 0: associative list with keys has an element that omits key"
                    + " field \"name\" (and doesn't have default value)"),
        e4.getMessage());
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothing() {
    ObjectNode live = vms.apply(null, vmApply("{'cpuNum':2}"), "ops", false, null, T1).object();
    ApplyResult again = vms.apply(live, vmApply("{'cpuNum':2}"), "ops", false, null, T2);
    assertFalse(again.changed());
    assertEquals(
        live.path("metadata").path("managedFields"),
        again.object().path("metadata").path("managedFields"));
  }
}
