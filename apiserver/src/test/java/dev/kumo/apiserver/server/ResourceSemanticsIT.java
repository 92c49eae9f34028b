package dev.kumo.apiserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic REST semantics every kind gets, checked over HTTPS against real etcd: metadata
 * bookkeeping, generation and the status subresource, no-op writes, finalizers, generateName,
 * paging, selectors, dry runs and discovery.
 */
class ResourceSemanticsIT {
  private static final String ZONES = "/apis/infra.kumo.dev/v1alpha1/zones";
  private static final String JSON = "application/json";
  private static final String MERGE = "application/merge-patch+json";
  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static JsonNode ok(HttpResponse<String> response, int code) throws Exception {
    assertEquals(code, response.statusCode(), response.body());
    return ServerFixture.json(response);
  }

  private static String zone(String name, String labels) {
    return "{\"apiVersion\":\"infra.kumo.dev/v1alpha1\",\"kind\":\"Zone\",\"metadata\":{\"name\":\""
        + name
        + "\",\"labels\":"
        + labels
        + "},\"spec\":{\"description\":\"test\"}}";
  }

  @Test
  void createStampsMetadataAndDropsStatus() throws Exception {
    String body =
        "{\"apiVersion\":\"infra.kumo.dev/v1alpha1\",\"kind\":\"Zone\",\"metadata\":{\"name\":\"z-meta\","
            + "\"uid\":\"mine\",\"resourceVersion\":\"5\"},\"spec\":{},\"status\":{\"observedGeneration\":7}}";
    JsonNode created = ok(fixture.request("POST", ZONES, JSON, body), 201);
    JsonNode meta = created.path("metadata");
    assertNotEquals("mine", meta.path("uid").asText());
    assertEquals(36, meta.path("uid").asText().length());
    assertEquals(1, meta.path("generation").asInt());
    assertTrue(
        meta.path("creationTimestamp")
            .asText()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertFalse(
        created.has("status") && created.path("status").has("observedGeneration"),
        created.toString());
    assertEquals("Update", meta.path("managedFields").path(0).path("operation").asText());
    // no fieldManager: the manager is the User-Agent's product, "Java-http-client/17..."
    assertEquals("Java-http-client", meta.path("managedFields").path(0).path("manager").asText());
  }

  @Test
  void specChangesBumpGenerationStatusAndMetadataDoNot() throws Exception {
    ok(fixture.request("POST", ZONES, JSON, zone("z-gen", "{}")), 201);
    JsonNode labelled =
        ok(
            fixture.request(
                "PATCH", ZONES + "/z-gen", MERGE, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"),
            200);
    assertEquals(1, labelled.path("metadata").path("generation").asInt());
    JsonNode status =
        ok(
            fixture.request(
                "PATCH",
                ZONES + "/z-gen/status",
                MERGE,
                "{\"status\":{\"observedGeneration\":1},\"spec\":{\"description\":\"ignored\"}}"),
            200);
    assertEquals(1, status.path("metadata").path("generation").asInt());
    assertEquals(1, status.path("status").path("observedGeneration").asInt());
    assertEquals(
        "test", status.path("spec").path("description").asText(), "status writes ignore spec");
    JsonNode spec =
        ok(
            fixture.request(
                "PATCH",
                ZONES + "/z-gen",
                MERGE,
                "{\"spec\":{\"description\":\"changed\"},\"status\":{\"observedGeneration\":9}}"),
            200);
    assertEquals(2, spec.path("metadata").path("generation").asInt());
    assertEquals(
        1, spec.path("status").path("observedGeneration").asInt(), "main resource ignores status");
  }

  @Test
  void noOpWritesDoNotChangeResourceVersion() throws Exception {
    JsonNode created =
        ok(fixture.request("POST", ZONES, JSON, zone("z-noop", "{\"x\":\"y\"}")), 201);
    String rv = created.path("metadata").path("resourceVersion").asText();
    long revision = fixture.etcdRevision();
    JsonNode same =
        ok(
            fixture.request(
                "PATCH", ZONES + "/z-noop", MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}"),
            200);
    assertEquals(rv, same.path("metadata").path("resourceVersion").asText());
    assertEquals(revision, fixture.etcdRevision());
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() throws Exception {
    String body =
        "{\"apiVersion\":\"infra.kumo.dev/v1alpha1\",\"kind\":\"Zone\",\"metadata\":{\"name\":\"z-fin\","
            + "\"finalizers\":[\"kumo.dev/test\"]},\"spec\":{}}";
    ok(fixture.request("POST", ZONES, JSON, body), 201);
    JsonNode deleting = ok(fixture.request("DELETE", ZONES + "/z-fin", null, null), 200);
    assertTrue(deleting.path("metadata").has("deletionTimestamp"), deleting.toString());
    HttpResponse<String> addFinalizer =
        fixture.request(
            "PATCH",
            ZONES + "/z-fin",
            MERGE,
            "{\"metadata\":{\"finalizers\":[\"kumo.dev/test\",\"kumo.dev/other\"]}}");
    assertEquals(422, addFinalizer.statusCode(), addFinalizer.body());
    assertTrue(addFinalizer.body().contains("no new finalizers can be added"), addFinalizer.body());
    ok(fixture.request("GET", ZONES + "/z-fin", null, null), 200);
    ok(
        fixture.request(
            "PATCH",
            ZONES + "/z-fin",
            "application/json-patch+json",
            "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]"),
        200);
    assertEquals(404, fixture.request("GET", ZONES + "/z-fin", null, null).statusCode());
    assertEquals(List.of(), fixture.etcdKeys("/registry/infra.kumo.dev/zones/z-fin"));
  }

  @Test
  void generateNameMakesUniqueNames() throws Exception {
    String body =
        "{\"apiVersion\":\"infra.kumo.dev/v1alpha1\",\"kind\":\"Zone\",\"metadata\":{\"generateName\":\"gen-\"},\"spec\":{}}";
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String name =
          ok(fixture.request("POST", ZONES, JSON, body), 201)
              .path("metadata")
              .path("name")
              .asText();
      assertTrue(name.matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}"), name);
      names.add(name);
    }
    assertEquals(5, names.size());
  }

  @Test
  void listsPageFromOneSnapshotAndFilterBySelectors() throws Exception {
    for (int i = 0; i < 7; i++) {
      ok(
          fixture.request(
              "POST",
              ZONES,
              JSON,
              zone("page-" + i, "{\"tier\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}")),
          201);
    }
    JsonNode first =
        ok(fixture.request("GET", ZONES + "?labelSelector=tier&limit=3", null, null), 200);
    assertEquals(3, first.path("items").size());
    String token = first.path("metadata").path("continue").asText();
    assertFalse(token.isEmpty());
    ok(fixture.request("POST", ZONES, JSON, zone("page-late", "{\"tier\":\"odd\"}")), 201);
    Set<String> seen = new HashSet<>();
    first.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asText()));
    while (!token.isEmpty()) {
      JsonNode page =
          ok(
              fixture.request(
                  "GET", ZONES + "?labelSelector=tier&limit=3&continue=" + token, null, null),
              200);
      page.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asText()));
      token = page.path("metadata").path("continue").asText("");
    }
    assertEquals(7, seen.size(), "the late object is not in the snapshot: " + seen);
    JsonNode even =
        ok(fixture.request("GET", ZONES + "?labelSelector=tier%3Deven", null, null), 200);
    assertEquals(4, even.path("items").size());
    JsonNode notIn =
        ok(fixture.request("GET", ZONES + "?labelSelector=tier%20notin%20(even)", null, null), 200);
    assertTrue(notIn.path("items").size() >= 4);
    JsonNode byName =
        ok(
            fixture.request("GET", ZONES + "?fieldSelector=metadata.name%3Dpage-3", null, null),
            200);
    assertEquals(1, byName.path("items").size());
    assertEquals(
        400,
        fixture
            .request("GET", ZONES + "?fieldSelector=spec.description%3Dx", null, null)
            .statusCode());
  }

  @Test
  void dryRunWritesNothingAndReturnsTheDefaultedObject() throws Exception {
    long revision = fixture.etcdRevision();
    JsonNode dry =
        ok(fixture.request("POST", ZONES + "?dryRun=All", JSON, zone("z-dry", "{}")), 201);
    assertEquals("z-dry", dry.path("metadata").path("name").asText());
    assertEquals(revision, fixture.etcdRevision());
    assertEquals(404, fixture.request("GET", ZONES + "/z-dry", null, null).statusCode());
  }

  @Test
  void serverSideApplyCreatesThenConflictsWithAnotherManager() throws Exception {
    String applied =
        "apiVersion: infra.kumo.dev/v1alpha1\nkind: Zone\nmetadata:\n  name: z-ssa\nspec:\n  description: first\n";
    JsonNode created =
        ok(
            fixture.request(
                "PATCH",
                ZONES + "/z-ssa?fieldManager=alice",
                "application/apply-patch+yaml",
                applied),
            201);
    assertEquals(
        "Apply", created.path("metadata").path("managedFields").path(0).path("operation").asText());
    assertEquals(
        "{\"f:spec\":{\"f:description\":{}}}",
        created.path("metadata").path("managedFields").path(0).path("fieldsV1").toString());
    HttpResponse<String> conflict =
        fixture.request(
            "PATCH",
            ZONES + "/z-ssa?fieldManager=bob",
            "application/apply-patch+yaml",
            applied.replace("first", "second"));
    assertEquals(409, conflict.statusCode(), conflict.body());
    assertTrue(conflict.body().contains("conflict with \\\"alice\\\""), conflict.body());
    JsonNode forced =
        ok(
            fixture.request(
                "PATCH",
                ZONES + "/z-ssa?fieldManager=bob&force=true",
                "application/apply-patch+yaml",
                applied.replace("first", "second")),
            200);
    assertEquals("second", forced.path("spec").path("description").asText());
  }

  @Test
  void discoveryAndOpenApiAreServed() throws Exception {
    JsonNode version = ok(fixture.request("GET", "/version", null, null), 200);
    assertEquals("1", version.path("major").asText());
    JsonNode resources =
        ok(fixture.request("GET", "/apis/compute.kumo.dev/v1alpha1", null, null), 200);
    assertTrue(
        resources.toString().contains("\"name\":\"vminstances/status\""), resources.toString());
    JsonNode root = ok(fixture.request("GET", "/openapi/v3", null, null), 200);
    assertTrue(root.path("paths").has("apis/compute.kumo.dev/v1alpha1"), root.toString());
    assertEquals(401, fixture.request("GET", "/version", null, null, null).statusCode());
  }
}
