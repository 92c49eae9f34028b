package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertContains;
import static dev.kumo.apiserver.conformance.Client.assertLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.rest.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl's imperative {@code create namespace|configmap|secret generic}: kubectl 1.32 sends these
 * bodies as {@code application/vnd.kubernetes.protobuf} (its typed clients), kubectl 1.20 as JSON;
 * both must store the same objects.
 */
class ImperativeCreateConformanceIT {
  private static ConformanceCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ConformanceCluster.start();
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
  }

  static Stream<Client> clients() {
    return cluster.clients().stream();
  }

  private static JsonNode getJson(Client kubectl, String... args) throws IOException {
    String[] command = Stream.concat(Stream.of("get"), Stream.of(args)).toArray(String[]::new);
    String[] withOutput =
        Stream.concat(Stream.of(command), Stream.of("-o", "json")).toArray(String[]::new);
    return Json.MAPPER.readTree(kubectl.ok(withOutput).stdout());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void namespaceConfigMapAndSecretCreatedImperatively(Client kubectl) throws IOException {
    String ns = kubectl.name("imperative");
    assertLines(kubectl.ok("create", "namespace", ns), "namespace/" + ns + " created");
    JsonNode namespace = getJson(kubectl, "namespace", ns);
    assertEquals(ns, namespace.path("metadata").path("name").asText(), namespace.toString());
    assertEquals("Active", namespace.path("status").path("phase").asText(), namespace.toString());
    assertTrue(namespace.path("metadata").path("uid").asText().length() > 0, namespace.toString());

    assertLines(
        kubectl.ok(
            "create",
            "configmap",
            "settings",
            "-n",
            ns,
            "--from-literal=color=blue",
            "--from-literal=greeting=héllo wörld",
            "--from-literal=expr=a=b"),
        "configmap/settings created");
    JsonNode configMap = getJson(kubectl, "configmap", "settings", "-n", ns);
    assertEquals(
        Json.MAPPER.readTree("{\"color\":\"blue\",\"greeting\":\"héllo wörld\",\"expr\":\"a=b\"}"),
        configMap.get("data"),
        configMap.toString());
    assertEquals(ns, configMap.path("metadata").path("namespace").asText());

    Path file = cluster.write(kubectl.id() + "-app.properties", "mode=fast\nlevel=3\n");
    assertLines(
        kubectl.ok("create", "configmap", "from-file", "-n", ns, "--from-file=" + file),
        "configmap/from-file created");
    assertEquals(
        "mode=fast\nlevel=3\n",
        getJson(kubectl, "configmap", "from-file", "-n", ns)
            .path("data")
            .path(kubectl.id() + "-app.properties")
            .asText());

    assertLines(
        kubectl.ok(
            "create",
            "secret",
            "generic",
            "creds",
            "-n",
            ns,
            "--from-literal=user=admin",
            "--from-literal=password=s3cr=t"),
        "secret/creds created");
    JsonNode secret = getJson(kubectl, "secret", "creds", "-n", ns);
    assertEquals("Opaque", secret.path("type").asText(), secret.toString());
    assertEquals(
        Json.MAPPER.readTree("{\"user\":\"YWRtaW4=\",\"password\":\"czNjcj10\"}"),
        secret.get("data"),
        secret.toString());
    assertFalse(secret.has("stringData"), secret.toString());

    Kubectl.Result dryRun =
        kubectl.ok(
            "create",
            "configmap",
            "dry",
            "-n",
            ns,
            "--from-literal=a=b",
            "--dry-run=server",
            "-o",
            "json");
    JsonNode dry = Json.MAPPER.readTree(dryRun.stdout());
    assertEquals("b", dry.path("data").path("a").asText(), dryRun.toString());
    assertEquals("dry", dry.path("metadata").path("name").asText(), dryRun.toString());
    Kubectl.Result absent = kubectl.fails("get", "configmap", "dry", "-n", ns);
    assertEquals(
        "Error from server (NotFound): configmaps \"dry\" not found\n",
        absent.stderr(),
        absent.toString());

    Kubectl.Result duplicate = kubectl.fails("create", "namespace", ns);
    assertContains(duplicate.stderr(), "namespaces \"" + ns + "\" already exists", duplicate);
    kubectl.ok("delete", "namespace", ns, "--wait=false");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void authCanI(Client kubectl) {
    // kubectl 1.32 sends SelfSubjectAccessReview and SelfSubjectRulesReview as protobuf too
    assertLines(kubectl.ok("auth", "can-i", "create", "configmaps", "-n", "default"), "yes");
    assertLines(kubectl.ok("auth", "can-i", "delete", "namespaces/kube-system"), "yes");
    Kubectl.Result list = kubectl.ok("auth", "can-i", "--list", "-n", "default");
    assertContains(list.stdout(), "*.*", list);
  }

  @Test
  void kubectl132SendsTheseBodiesAsProtobuf() {
    Client kubectl = cluster.modern();
    String ns = "protobuf-wire";
    Kubectl.Result created = kubectl.ok("create", "namespace", ns, "-v=8");
    assertContains(created.stderr(), "Content-Type: application/vnd.kubernetes.protobuf", created);
    Kubectl.Result secret =
        kubectl.ok("create", "secret", "generic", "s", "-n", ns, "--from-literal=k=v", "-v=8");
    assertContains(secret.stderr(), "Content-Type: application/vnd.kubernetes.protobuf", secret);
    assertContains(secret.stderr(), "POST https://", secret);
    assertContains(secret.stderr(), " 201 Created", secret);
    assertEquals("dg==", kubectl.jsonpath("{.data.k}", "secret", "s", "-n", ns));
    kubectl.ok("delete", "namespace", ns, "--wait=false");
  }
}
