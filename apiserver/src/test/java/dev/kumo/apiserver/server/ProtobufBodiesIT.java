package dev.kumo.apiserver.server;

import static dev.kumo.apiserver.protobuf.Proto.envelope;
import static dev.kumo.apiserver.protobuf.Proto.message;
import static dev.kumo.apiserver.protobuf.Proto.time;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.protobuf.Proto;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Protobuf request bodies over HTTPS against a real server on real etcd: create and update of the
 * built-in kinds Kumo decodes answer in JSON; custom resources and built-ins without a decoder
 * refuse protobuf with 415, and malformed bodies are a 400 that writes nothing.
 */
class ProtobufBodiesIT {
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static JsonNode send(String method, String path, byte[] body, int code) throws Exception {
    HttpResponse<String> response = fixture.requestBytes(method, path, PROTOBUF, body);
    assertEquals(code, response.statusCode(), response.body());
    assertEquals(
        "application/json", response.headers().firstValue("Content-Type").orElse(""), path);
    return ServerFixture.json(response);
  }

  private static Proto meta(String name) {
    return message().string(1, name).string(3, "").message(8, message());
  }

  @Test
  void eventIsCreated() throws Exception {
    Proto event =
        message()
            .message(1, meta("vm-1.17a"))
            .message(
                2,
                message()
                    .string(1, "VmInstance")
                    .string(2, "default")
                    .string(3, "vm-1")
                    .string(5, "compute.kumo.dev/v1alpha1"))
            .string(3, "Started")
            .string(4, "the VM is running")
            .message(5, message().string(1, "kumo-controller"))
            .message(6, time(1_700_000_000L, 0))
            .message(7, time(1_700_000_060L, 0))
            .varint(8, 2)
            .string(9, "Normal")
            .message(10, message())
            .string(14, "")
            .string(15, "");
    JsonNode created =
        send("POST", "/api/v1/namespaces/default/events", envelope("v1", "Event", event), 201);
    assertEquals("vm-1", created.path("involvedObject").path("name").asText(), created.toString());
    assertEquals("Started", created.path("reason").asText());
    assertEquals(2, created.path("count").asInt());
    assertEquals("2023-11-14T22:14:20Z", created.path("lastTimestamp").asText());
    assertEquals("kumo-controller", created.path("source").path("component").asText());
  }

  @Test
  void leaseIsCreatedAndRenewedWithPut() throws Exception {
    String leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
    Proto spec =
        message()
            .string(1, "kumo-1")
            .varint(2, 15)
            .message(3, time(1_700_000_000L, 250_000_000))
            .message(4, time(1_700_000_000L, 250_000_000))
            .varint(5, 0);
    JsonNode created =
        send(
            "POST",
            leases,
            envelope(
                "coordination.k8s.io/v1",
                "Lease",
                message().message(1, meta("leader")).message(2, spec)),
            201);
    assertEquals(
        "kumo-1", created.path("spec").path("holderIdentity").asText(), created.toString());
    assertEquals("2023-11-14T22:13:20.250000Z", created.path("spec").path("renewTime").asText());
    assertEquals(0, created.path("spec").path("leaseTransitions").asInt());

    String rv = created.path("metadata").path("resourceVersion").asText();
    Proto renewed =
        message()
            .message(1, meta("leader").string(6, rv))
            .message(
                2,
                message()
                    .string(1, "kumo-1")
                    .varint(2, 15)
                    .message(3, time(1_700_000_000L, 250_000_000))
                    .message(4, time(1_700_000_010L, 0))
                    .varint(5, 0));
    JsonNode updated =
        send("PUT", leases + "/leader", envelope("coordination.k8s.io/v1", "Lease", renewed), 200);
    assertEquals("2023-11-14T22:13:30.000000Z", updated.path("spec").path("renewTime").asText());
  }

  @Test
  void configMapIsUpdatedWithPutAndStaleVersionsConflict() throws Exception {
    JsonNode created =
        send(
            "POST",
            CONFIGMAPS,
            envelope("v1", "ConfigMap", message().message(1, meta("put-me")).entry(2, "a", "1")),
            201);
    String rv = created.path("metadata").path("resourceVersion").asText();
    Proto changed =
        message()
            .message(1, meta("put-me").string(6, rv).entry(11, "team", "blue"))
            .entry(2, "a", "2")
            .entry(2, "b", "3");
    JsonNode updated =
        send("PUT", CONFIGMAPS + "/put-me", envelope("v1", "ConfigMap", changed), 200);
    assertEquals("{\"a\":\"2\",\"b\":\"3\"}", updated.path("data").toString());
    assertEquals("blue", updated.path("metadata").path("labels").path("team").asText());

    JsonNode conflict =
        send("PUT", CONFIGMAPS + "/put-me", envelope("v1", "ConfigMap", changed), 409);
    assertEquals("Conflict", conflict.path("reason").asText(), conflict.toString());
  }

  @Test
  void customResourcesAndUndecodedBuiltinsRefuseProtobuf() throws Exception {
    long before = fixture.etcdRevision();
    JsonNode vm =
        send(
            "POST",
            "/apis/compute.kumo.dev/v1alpha1/namespaces/default/vminstances",
            envelope("compute.kumo.dev/v1alpha1", "VmInstance", message().message(1, meta("vm"))),
            415);
    assertEquals("UnsupportedMediaType", vm.path("reason").asText(), vm.toString());
    JsonNode crd =
        send(
            "POST",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", message()),
            415);
    assertEquals("UnsupportedMediaType", crd.path("reason").asText(), crd.toString());
    assertEquals(before, fixture.etcdRevision());
  }

  @Test
  void malformedOrMismatchedBodiesAre400() throws Exception {
    long before = fixture.etcdRevision();
    JsonNode notProtobuf = send("POST", CONFIGMAPS, "{\"kind\":\"ConfigMap\"}".getBytes(), 400);
    assertEquals(
        "the object provided is unrecognized (must be of type ConfigMap): provided data does not"
            + " appear to be a protobuf message, expected prefix [107, 56, 115, 0]",
        notProtobuf.path("message").asText());
    JsonNode pod = send("POST", CONFIGMAPS, envelope("v1", "Pod", message()), 400);
    assertEquals(
        "the object provided is unrecognized (must be of type ConfigMap): no kind \"Pod\" is"
            + " registered for version \"v1\"",
        pod.path("message").asText());
    JsonNode secret =
        send(
            "POST",
            CONFIGMAPS,
            envelope("v1", "Secret", message().message(1, meta("wrong-kind"))),
            400);
    assertEquals("BadRequest", secret.path("reason").asText(), secret.toString());
    assertEquals(before, fixture.etcdRevision(), "nothing may be written");
  }
}
