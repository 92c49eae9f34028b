package dev.kumo.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiDocumentsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String VM = "dev.kumo.compute.v1alpha1.VmInstance";
  private static final OpenApiDocuments DOCS = OpenApiDocuments.build(ServedKinds.all());

  private static JsonNode v3(String path) throws Exception {
    return MAPPER.readTree(DOCS.v3(path).orElseThrow().body());
  }

  @Test
  void rootLinksEveryGroupVersionWithTheSha512OfItsDocument() throws Exception {
    JsonNode root = MAPPER.readTree(DOCS.v3Root().body());
    JsonNode compute = root.path("paths").path("apis/compute.kumo.dev/v1alpha1");
    byte[] body = DOCS.v3("apis/compute.kumo.dev/v1alpha1").orElseThrow().body();
    String sha =
        HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
    assertEquals(
        "/openapi/v3/apis/compute.kumo.dev/v1alpha1?hash=" + sha,
        compute.path("serverRelativeURL").asText());
    assertTrue(root.path("paths").has("api/v1"));
    assertEquals(9, root.path("paths").size(), "5 Kumo groups and 4 built-in group/versions");
    assertEquals("\"" + sha + "\"", DOCS.v3("apis/compute.kumo.dev/v1alpha1").orElseThrow().etag());
  }

  @Test
  void customResourceSchemaCarriesTypeMetaObjectMetaAndGvk() throws Exception {
    JsonNode schemas = v3("apis/compute.kumo.dev/v1alpha1").path("components").path("schemas");
    JsonNode vm = schemas.path(VM);
    assertEquals(
        "[{\"group\":\"compute.kumo.dev\",\"kind\":\"VmInstance\",\"version\":\"v1alpha1\"}]",
        vm.path("x-kubernetes-group-version-kind").toString());
    assertEquals(
        List.of("apiVersion", "kind", "metadata", "spec", "status"), names(vm.path("properties")));
    assertEquals(
        "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        vm.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText());
    assertTrue(
        vm.path("properties").path("spec").path("properties").has("cpu"),
        "the CRD's own schema is kept");
    JsonNode list = schemas.path(VM + "List");
    assertEquals(
        "VmInstanceList",
        list.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());
    assertEquals(
        "#/components/schemas/" + VM,
        list.path("properties").path("items").path("items").path("$ref").asText());
    JsonNode objectMeta = schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertTrue(
        objectMeta
            .path("properties")
            .path("labels")
            .path("description")
            .asText()
            .startsWith("Map of string keys"));
    for (String meta :
        List.of(
            "ListMeta",
            "ManagedFieldsEntry",
            "OwnerReference",
            "Time",
            "Status",
            "DeleteOptions",
            "Patch",
            "FieldsV1")) {
      assertTrue(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1." + meta), meta);
    }
  }

  @Test
  void everyReferenceResolves() throws Exception {
    for (String path : DOCS.v3Paths()) {
      JsonNode doc = v3(path);
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);
      for (String ref : refs) {
        String name = ref.substring("#/components/schemas/".length());
        assertTrue(doc.path("components").path("schemas").has(name), path + " " + ref);
      }
    }
  }

  @Test
  void customResourcePatchNeverOffersStrategicMergePatch() throws Exception {
    JsonNode paths = v3("apis/compute.kumo.dev/v1alpha1").path("paths");
    JsonNode item =
        paths.path("/apis/compute.kumo.dev/v1alpha1/namespaces/{namespace}/vminstances/{name}");
    JsonNode patch = item.path("patch");
    assertEquals(
        List.of(
            "application/apply-patch+yaml",
            "application/json-patch+json",
            "application/merge-patch+json"),
        names(patch.path("requestBody").path("content")));
    assertEquals(
        List.of("dryRun", "fieldManager", "fieldValidation", "force"), parameterNames(patch));
    assertEquals("patch", patch.path("x-kubernetes-action").asText());
    assertEquals(
        "{\"group\":\"compute.kumo.dev\",\"kind\":\"VmInstance\",\"version\":\"v1alpha1\"}",
        patch.path("x-kubernetes-group-version-kind").toString());
    assertEquals(
        List.of("dryRun", "fieldManager", "fieldValidation"), parameterNames(item.path("put")));
    assertEquals(
        "patchComputeKumoDevV1alpha1NamespacedVmInstance", patch.path("operationId").asText());
    JsonNode status =
        paths.path(
            "/apis/compute.kumo.dev/v1alpha1/namespaces/{namespace}/vminstances/{name}/status");
    assertEquals(3, names(status.path("patch").path("requestBody").path("content")).size());
    assertTrue(paths.has("/apis/compute.kumo.dev/v1alpha1/vminstances"), "list across namespaces");
    JsonNode collection =
        paths.path("/apis/compute.kumo.dev/v1alpha1/namespaces/{namespace}/vminstances");
    assertEquals(
        List.of("dryRun", "fieldManager", "fieldValidation"),
        parameterNames(collection.path("post")));
  }

  @Test
  void builtinPatchOffersStrategicMergePatchExceptForCrds() throws Exception {
    JsonNode cm =
        v3("api/v1")
            .path("paths")
            .path("/api/v1/namespaces/{namespace}/configmaps/{name}")
            .path("patch");
    assertTrue(
        cm.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
    assertTrue(v3("api/v1").path("components").path("schemas").has("io.k8s.api.core.v1.ConfigMap"));
    JsonNode crd =
        v3("apis/apiextensions.k8s.io/v1")
            .path("paths")
            .path("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}")
            .path("patch");
    assertFalse(
        crd.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
  }

  @Test
  void reviewKindsOnlyHaveCreate() throws Exception {
    JsonNode paths = v3("apis/authorization.k8s.io/v1").path("paths");
    assertEquals(List.of("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"), names(paths));
    assertEquals(
        List.of("post", "parameters"),
        names(paths.path("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")));
  }

  @Test
  void swaggerJsonHasDefinitionsAndDryRunOnEveryPatch() throws Exception {
    JsonNode swagger = MAPPER.readTree(DOCS.v2Json().body());
    assertEquals("2.0", swagger.path("swagger").asText());
    JsonNode vm = swagger.path("definitions").path(VM);
    assertEquals(
        "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        vm.path("properties").path("metadata").path("$ref").asText());
    JsonNode memory = vm.path("properties").path("spec").path("properties").path("memory");
    assertFalse(memory.has("anyOf"), "anyOf is not Swagger 2.0");
    assertTrue(memory.path("x-kubernetes-int-or-string").asBoolean());
    swagger
        .path("paths")
        .forEach(
            item -> {
              if (item.has("patch")) {
                assertTrue(parameterNames(item.path("patch")).contains("dryRun"), item.toString());
                assertEquals(
                    "body", item.path("patch").path("parameters").get(0).path("in").asText());
              }
            });
    JsonNode patch =
        swagger
            .path("paths")
            .path("/apis/compute.kumo.dev/v1alpha1/namespaces/{namespace}/vminstances/{name}")
            .path("patch");
    assertEquals(
        "[\"application/apply-patch+yaml\",\"application/json-patch+json\",\"application/merge-patch+json\"]",
        patch.path("consumes").toString());
    assertEquals(
        "{\"uniqueItems\":true,\"type\":\"string\",\"description\":\"When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed\",\"name\":\"dryRun\",\"in\":\"query\"}",
        patch.path("parameters").get(1).toString());
    String template =
        swagger
            .path("definitions")
            .path("dev.kumo.stack.v1alpha1.StackTemplate")
            .path("properties")
            .path("spec")
            .path("properties")
            .path("template")
            .toString();
    assertFalse(template.contains("\"properties\""), template);
  }

  @Test
  void v2NegotiationServesProtobufToKubectl120AndJsonOtherwise() {
    assertEquals(
        OpenApiDocuments.V2_PROTOBUF_CONTENT_TYPE,
        DOCS.v2("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
            .orElseThrow()
            .contentType());
    assertEquals(
        "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
        OpenApiDocuments.V2_PROTOBUF_CONTENT_TYPE);
    assertEquals("application/json", DOCS.v2("application/json").orElseThrow().contentType());
    assertEquals("application/json", DOCS.v2(null).orElseThrow().contentType());
    assertTrue(DOCS.v2("text/html").isEmpty());
  }

  @Test
  void cacheRendersAgainOnlyWhenKindsChange() {
    OpenApiDocuments.Cache cache = new OpenApiDocuments.Cache("v1.32.0");
    OpenApiDocuments first = cache.get(ServedKinds.all());
    assertSame(first, cache.get(ServedKinds.all()));
    assertFalse(first == cache.get(ServedKinds.kumo()));
  }

  static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> parameterNames(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation
        .path("parameters")
        .forEach(
            p -> {
              if (!"body".equals(p.path("in").asText())) {
                names.add(p.path("name").asText());
              }
            });
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }
}
