package dev.kumo.apiserver.patch.managed;

import static dev.kumo.apiserver.patch.managed.TestObjects.API_VERSION;
import static dev.kumo.apiserver.patch.managed.TestObjects.json;
import static dev.kumo.apiserver.patch.managed.TestObjects.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FieldManagerUpdateTest {
  private static final Instant T1 = Instant.parse("2026-11-23T07:52:48Z");
  private static final Instant T2 = Instant.parse("2026-11-23T07:55:00.9Z");
  private final FieldManager vms =
      new FieldManager(TestObjects.vmSchema(), API_VERSION, "VmInstance", true);

  private static JsonNode managedFields(ObjectNode obj) {
    return obj.path("metadata").path("managedFields");
  }

  private ObjectNode created() {
    ObjectNode vm =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default','labels':{'app':'demo'},
                         'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},
             'spec':{'cpuNum':2,'l3NetworkRefs':['l3-public'],'nics':[{'name':'eth0','l3':'l3-public'}]}}
            """);
    ObjectNode stored = vms.trackUpdate(null, vm, "kubectl-client-side-apply", null, T1);
    stored.with("metadata").put("uid", "u1").put("resourceVersion", "1");
    return stored;
  }

  @Test
  void createOwnsEveryFieldWithTheSelfMarkersOfAddedMapsAndItems() {
    assertEquals(
        raw(
            """
            [{"manager":"kubectl-client-side-apply","operation":"Update",
              "apiVersion":"compute.kumo.dev/v1alpha1","time":"2026-11-23T07:52:48Z",
              "fieldsType":"FieldsV1","fieldsV1":{
                "f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},
                              "f:labels":{".":{},"f:app":{}}},
                "f:spec":{".":{},"f:cpuNum":{},
                          "f:l3NetworkRefs":{".":{},"v:\\"l3-public\\"":{}},
                          "f:nics":{".":{},"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}}]
            """),
        managedFields(created()));
  }

  @Test
  void anUpdateTakesTheFieldsItChangesAndOnlyItsEntryGetsANewTime() {
    ObjectNode live = created();
    ObjectNode edited = live.deepCopy();
    edited.with("spec").put("cpuNum", 4);
    edited.with("spec").withArray("l3NetworkRefs").add("l3-private");
    ((ObjectNode) edited.path("metadata")).remove("labels");
    ObjectNode result = vms.trackUpdate(live, edited, "kubectl-edit", null, T2);
    assertEquals(
        raw(
            """
            [{"manager":"kubectl-client-side-apply","operation":"Update",
              "apiVersion":"compute.kumo.dev/v1alpha1","time":"2026-11-23T07:52:48Z",
              "fieldsType":"FieldsV1","fieldsV1":{
                "f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},
                "f:spec":{".":{},
                          "f:l3NetworkRefs":{".":{},"v:\\"l3-public\\"":{}},
                          "f:nics":{".":{},"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}},
             {"manager":"kubectl-edit","operation":"Update",
              "apiVersion":"compute.kumo.dev/v1alpha1","time":"2026-11-23T07:55:00Z",
              "fieldsType":"FieldsV1","fieldsV1":{
                "f:spec":{"f:cpuNum":{},"f:l3NetworkRefs":{"v:\\"l3-private\\"":{}}}}}]
            """),
        managedFields(result));

    ObjectNode unchanged =
        vms.trackUpdate(result, result.deepCopy(), "kubectl-edit", null, T2.plusSeconds(60));
    assertEquals(managedFields(result), managedFields(unchanged));
  }

  @Test
  void statusWritesHaveTheirOwnEntryAndIgnoreRequestedManagedFields() {
    ObjectNode live = created();
    ObjectNode withStatus = live.deepCopy();
    withStatus.putObject("status").put("state", "Running");
    withStatus.with("metadata").putArray("managedFields");
    ObjectNode result = vms.trackUpdate(live, withStatus, "vm-controller", "status", T2);
    JsonNode entries = managedFields(result);
    assertEquals(2, entries.size());
    assertEquals(
        raw(
            """
            {"manager":"vm-controller","operation":"Update","apiVersion":"compute.kumo.dev/v1alpha1",
             "time":"2026-11-23T07:55:00Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{".":{},"f:state":{}}},"subresource":"status"}
            """),
        entries.get(1));

    ObjectNode onMain = vms.trackUpdate(live, withStatus, "kubectl-edit", null, T2);
    assertNull(onMain.path("metadata").get("managedFields"), "[] resets on the main resource");
  }

  @Test
  void managedFieldsResetStopsTrackingUntilTheNextApply() {
    ObjectNode live = created();
    ObjectNode reset = live.deepCopy();
    reset.with("metadata").putArray("managedFields").addObject();
    ObjectNode cleared = vms.trackUpdate(live, reset, "flux", null, T2);
    assertNull(cleared.path("metadata").get("managedFields"));

    ObjectNode edited = cleared.deepCopy();
    edited.with("spec").put("cpuNum", 8);
    ObjectNode untracked = vms.trackUpdate(cleared, edited, "kubectl-edit", null, T2);
    assertNull(untracked.path("metadata").get("managedFields"));

    ObjectNode applied =
        json(
            """
            {'apiVersion':'compute.kumo.dev/v1alpha1','kind':'VmInstance',
             'metadata':{'name':'vm1','namespace':'default'},'spec':{'cpuNum':8}}
            """);
    ObjectNode result = vms.apply(untracked, applied, "ops", false, null, T2).object();
    JsonNode entries = managedFields(result);
    assertEquals("ops", entries.get(0).path("manager").asText());
    assertEquals(raw("{\"f:spec\":{\"f:cpuNum\":{}}}"), entries.get(0).get("fieldsV1"));
    assertEquals("before-first-apply", entries.get(1).path("manager").asText());
    JsonNode before = entries.get(1).get("fieldsV1");
    assertTrue(before.path("f:spec").has("f:cpuNum"), "same value: shared, not taken");
    assertEquals(raw("{\".\":{},\"f:app\":{}}"), before.path("f:metadata").path("f:labels"));
  }

  @Test
  void aRequestMayReplaceManagedFields() {
    ObjectNode live = created();
    ObjectNode replaced = live.deepCopy();
    replaced
        .with("metadata")
        .set(
            "managedFields",
            raw(
                """
                [{"manager":"flux","operation":"Apply","apiVersion":"compute.kumo.dev/v1alpha1",
                  "time":"2026-11-23T07:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:spec":{"f:cpuNum":{}}}}]
                """));
    ObjectNode result = vms.trackUpdate(live, replaced, "kubectl", null, T2);
    assertEquals(replaced.path("metadata").get("managedFields"), managedFields(result));
  }

  @Test
  void moreThanTenUpdatersMergeTheOldestIntoAncientChanges() {
    ObjectNode live = created();
    for (int i = 0; i < 11; i++) {
      ObjectNode next = live.deepCopy();
      next.with("spec").with("env").put("K" + i, "v");
      live = vms.trackUpdate(live, next, "m" + i, null, T2.plusSeconds(i));
    }
    JsonNode entries = managedFields(live);
    assertEquals(10, entries.size());
    JsonNode ancient = entries.get(0);
    assertEquals("ancient-changes", ancient.path("manager").asText());
    // The creator and m0 merged at m9's write, then m1 joined at m10's, bringing its time.
    assertEquals("2026-11-23T07:55:01Z", ancient.path("time").asText());
    assertEquals(
        raw(
            """
            {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},
                           "f:labels":{".":{},"f:app":{}}},
             "f:spec":{".":{},"f:cpuNum":{},"f:env":{".":{},"f:K0":{},"f:K1":{}},
                       "f:l3NetworkRefs":{".":{},"v:\\"l3-public\\"":{}},
                       "f:nics":{".":{},"k:{\\"name\\":\\"eth0\\"}":{".":{},"f:l3":{},"f:name":{}}}}}
            """),
        ancient.get("fieldsV1"));
  }

  @Test
  void objectsThatDoNotFitTheSchemaKeepTheStoredManagedFields() {
    ObjectNode live = created();
    ObjectNode bad = live.deepCopy();
    bad.with("spec").put("unknown", 1);
    ObjectNode result = vms.trackUpdate(live, bad, "kubectl-edit", null, T2);
    assertEquals(managedFields(live), managedFields(result));
  }
}
