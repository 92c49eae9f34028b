package dev.kumo.apiserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-input table against a real server on real etcd: each request is refused with the
 * status code and message kube-apiserver would give, and etcd's revision does not move (nothing was
 * written).
 */
class BadInputIT {
  private static final String VMS =
      "/apis/compute.kumo.dev/v1alpha1/namespaces/default/vminstances";
  private static final String JSON = "application/json";
  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static String vm(String name, String spec) {
    return "{\"apiVersion\":\"compute.kumo.dev/v1alpha1\",\"kind\":\"VmInstance\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  private static final String GOOD_SPEC =
      "{\"instanceOfferingRef\":\"small\",\"imageRef\":\"img\",\"nics\":[{\"l3NetworkRef\":\"l3\"}]}";

  /** Sends the request and asserts its status, reason, a message fragment and no etcd write. */
  private static JsonNode refused(
      String method,
      String path,
      String contentType,
      String body,
      int code,
      String reason,
      String message)
      throws Exception {
    long before = fixture.etcdRevision();
    HttpResponse<String> response = fixture.request(method, path, contentType, body);
    JsonNode status = ServerFixture.json(response);
    assertEquals(code, response.statusCode(), response.body());
    assertEquals("Status", status.path("kind").asText(), response.body());
    assertEquals(code, status.path("code").asInt(), response.body());
    assertEquals(reason, status.path("reason").asText(), response.body());
    assertTrue(
        status.path("message").asText().contains(message),
        "message " + status.path("message").asText() + " should contain " + message);
    assertEquals(before, fixture.etcdRevision(), "nothing may be written for " + response.body());
    return status;
  }

  @Test
  void malformedJsonIs400() throws Exception {
    refused("POST", VMS, JSON, "{\"apiVersion\": ", 400, "BadRequest", "json parse error");
  }

  @Test
  void malformedYamlApplyIs400() throws Exception {
    refused(
        "PATCH",
        VMS + "/vm-y?fieldManager=test",
        "application/apply-patch+yaml",
        "apiVersion: [unclosed",
        400,
        "BadRequest",
        "parse error");
  }

  @Test
  void schemaViolationsAre422WithEveryFieldPath() throws Exception {
    JsonNode status =
        refused(
            "POST",
            VMS,
            JSON,
            vm("bad-vm", "{\"cpu\":0,\"state\":\"Flying\",\"nics\":[]}"),
            422,
            "Invalid",
            "VmInstance.compute.kumo.dev \"bad-vm\" is invalid");
    String message = status.path("message").asText();
    assertTrue(message.contains("spec.state: Unsupported value: \"Flying\""), message);
    assertTrue(status.path("details").path("causes").size() >= 2, status.toString());
    for (JsonNode cause : status.path("details").path("causes")) {
      assertTrue(cause.path("field").asText().startsWith("spec"), cause.toString());
    }
  }

  @Test
  void unknownFieldsUnderStrictAre400() throws Exception {
    refused(
        "POST",
        VMS + "?fieldValidation=Strict",
        JSON,
        vm(
            "vm-strict",
            "{\"instanceOfferingRef\":\"small\",\"imageRef\":\"img\",\"colour\":\"red\"}"),
        400,
        "BadRequest",
        "strict decoding error: unknown field \"spec.colour\"");
  }

  @Test
  void staleResourceVersionIs409() throws Exception {
    HttpResponse<String> created = fixture.request("POST", VMS, JSON, vm("vm-stale", GOOD_SPEC));
    assertEquals(201, created.statusCode(), created.body());
    String rv = ServerFixture.json(created).path("metadata").path("resourceVersion").asText();
    String stale = Long.toString(Long.parseLong(rv) - 1);
    refused(
        "PATCH",
        VMS + "/vm-stale",
        "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"spec\":{\"cpu\":2}}",
        409,
        "Conflict",
        "the object has been modified");
    refused(
        "PATCH",
        VMS + "/vm-stale",
        "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + stale + "\"}]",
        409,
        "Conflict",
        "the object has been modified");
  }

  @Test
  void watchFromCompactedRevisionIs410() throws Exception {
    HttpResponse<String> created = fixture.request("POST", VMS, JSON, vm("vm-compact", GOOD_SPEC));
    assertEquals(201, created.statusCode(), created.body());
    long old =
        Long.parseLong(
            ServerFixture.json(created).path("metadata").path("resourceVersion").asText());
    fixture.request(
        "PATCH",
        VMS + "/vm-compact",
        "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    try (var store =
        dev.kumo.apiserver.storage.EtcdStore.connect(
            java.util.List.of(fixture.etcd().endpoint()))) {
      store.compact(store.currentRevision());
    }
    HttpResponse<String> watch =
        // revision 1 predates the server's watch cache, and etcd has compacted it away
        fixture.request("GET", VMS + "?watch=true&timeoutSeconds=2&resourceVersion=1", null, null);
    assertTrue(watch.body().contains("\"code\":410"), watch.body());
    assertTrue(watch.body().contains("\"ERROR\""), watch.body());
    HttpResponse<String> list =
        fixture.request(
            "GET",
            VMS + "?resourceVersion=" + (old - 1) + "&resourceVersionMatch=Exact",
            null,
            null);
    assertEquals(410, list.statusCode(), list.body());
  }

  @Test
  void overLargeBodyIs413() throws Exception {
    String big = vm("vm-big", "{\"userData\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}");
    long before = fixture.etcdRevision();
    HttpResponse<String> response = fixture.request("POST", VMS, JSON, big);
    assertEquals(413, response.statusCode());
    assertEquals(before, fixture.etcdRevision());
  }

  @Test
  void unknownKindsAre404() throws Exception {
    refused(
        "POST",
        "/apis/compute.kumo.dev/v1alpha1/namespaces/default/spaceships",
        JSON,
        "{\"apiVersion\":\"compute.kumo.dev/v1alpha1\",\"kind\":\"Spaceship\",\"metadata\":{\"name\":\"x\"}}",
        404,
        "NotFound",
        "the server could not find the requested resource");
  }

  @Test
  void strategicMergeOnCustomResourcesIs415() throws Exception {
    HttpResponse<String> created = fixture.request("POST", VMS, JSON, vm("vm-smp", GOOD_SPEC));
    assertEquals(201, created.statusCode(), created.body());
    refused(
        "PATCH",
        VMS + "/vm-smp",
        "application/strategic-merge-patch+json",
        "{\"spec\":{\"cpu\":2}}",
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format");
  }

  @Test
  void anonymousRequestsAre401() throws Exception {
    long before = fixture.etcdRevision();
    HttpResponse<String> response =
        fixture.request("POST", VMS, JSON, vm("vm-anon", GOOD_SPEC), null);
    assertEquals(401, response.statusCode());
    HttpResponse<String> wrong = fixture.request("GET", VMS, null, null, "not-the-token");
    assertEquals(401, wrong.statusCode());
    assertEquals(before, fixture.etcdRevision());
  }

  @Test
  void missingNamespaceIs404AndNothingIsWritten() throws Exception {
    refused(
        "POST",
        "/apis/compute.kumo.dev/v1alpha1/namespaces/nowhere/vminstances",
        JSON,
        vm("vm-nowhere", GOOD_SPEC),
        404,
        "NotFound",
        "namespaces \"nowhere\" not found");
  }
}
