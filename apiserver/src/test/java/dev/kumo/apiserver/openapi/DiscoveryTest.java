package dev.kumo.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private static final String KUBECTL_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
          + "application/json";

  private final Discovery discovery = new Discovery(ServedKinds.all());

  @Test
  void legacyDocumentsMatchGoldenFiles() {
    Golden.assertMatches("openapi/api.json", discovery.apiVersions("127.0.0.1:6443"));
    Golden.assertMatches("openapi/apis.json", discovery.apiGroupList());
    Golden.assertMatches("openapi/api-v1.json", discovery.apiResourceList("", "v1").orElseThrow());
    for (String group : new String[] {"compute", "infra", "network", "stack", "storage"}) {
      String g = group + ".kumo.dev";
      Golden.assertMatches("openapi/apis-" + g + ".json", discovery.apiGroup(g).orElseThrow());
      Golden.assertMatches(
          "openapi/apis-" + g + "-v1alpha1.json",
          discovery.apiResourceList(g, "v1alpha1").orElseThrow());
    }
  }

  @Test
  void aggregatedDocumentsMatchGoldenFiles() {
    Golden.assertMatches(
        "openapi/aggregated-api.json", discovery.aggregated(true, DiscoveryFormat.AGGREGATED_V2));
    Golden.assertMatches(
        "openapi/aggregated-apis.json", discovery.aggregated(false, DiscoveryFormat.AGGREGATED_V2));
  }

  @Test
  void storageVersionHashesAreKubeApiserversForBuiltins() {
    // Values served by a real kube-apiserver for these kinds.
    assertEquals("qFsyl6wFWjQ=", Discovery.storageVersionHash("", "v1", "ConfigMap"));
    assertEquals("Q3oi5N2YM8M=", Discovery.storageVersionHash("", "v1", "Namespace"));
    assertEquals("S6u1pOWzb84=", Discovery.storageVersionHash("", "v1", "Secret"));
    assertEquals(
        "gqkMMb/YqFM=", Discovery.storageVersionHash("coordination.k8s.io", "v1", "Lease"));
    // CustomResourceDefinitions are stored as v1beta1, so v1 advertises v1beta1's hash.
    JsonNode crds = discovery.apiResourceList("apiextensions.k8s.io", "v1").orElseThrow();
    assertEquals(
        "jfWCUB31mvA=",
        find(crds, "customresourcedefinitions").path("storageVersionHash").asText());
  }

  @Test
  void customResourceHasStatusSubresourceAndCrdVerbOrder() {
    JsonNode list = discovery.apiResourceList("compute.kumo.dev", "v1alpha1").orElseThrow();
    JsonNode vm = find(list, "vminstances");
    assertEquals("vminstance", vm.path("singularName").asText());
    assertEquals(
        "[\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"create\",\"update\",\"watch\"]",
        vm.path("verbs").toString());
    assertEquals("[\"kumo\"]", vm.path("categories").toString());
    assertEquals(
        Discovery.storageVersionHash("compute.kumo.dev", "v1alpha1", "VmInstance"),
        vm.path("storageVersionHash").asText());
    JsonNode status = find(list, "vminstances/status");
    assertEquals(
        "{\"name\":\"vminstances/status\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"VmInstance\",\"verbs\":[\"get\",\"patch\",\"update\"]}",
        status.toString());
  }

  @Test
  void reviewKindsAreCreateOnlyWithoutStorageVersionHash() {
    JsonNode list = discovery.apiResourceList("authorization.k8s.io", "v1").orElseThrow();
    JsonNode review = find(list, "selfsubjectrulesreviews");
    assertEquals("[\"create\"]", review.path("verbs").toString());
    assertFalse(review.has("storageVersionHash"));
  }

  @Test
  void unknownGroupVersionsAreEmpty() {
    assertTrue(discovery.apiResourceList("compute.kumo.dev", "v1").isEmpty());
    assertTrue(discovery.apiGroup("nope.kumo.dev").isEmpty());
  }

  @Test
  void negotiatesWhatKubectlAsksFor() {
    assertEquals(
        Optional.of(DiscoveryFormat.AGGREGATED_V2), DiscoveryFormat.negotiate(KUBECTL_ACCEPT));
    assertEquals(
        Optional.of(DiscoveryFormat.AGGREGATED_V2BETA1),
        DiscoveryFormat.negotiate(
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"));
    assertEquals(
        Optional.of(DiscoveryFormat.LEGACY), DiscoveryFormat.negotiate("application/json, */*"));
    assertEquals(Optional.of(DiscoveryFormat.LEGACY), DiscoveryFormat.negotiate(null));
    assertEquals(Optional.empty(), DiscoveryFormat.negotiate("application/yaml"));
    assertEquals(
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        DiscoveryFormat.AGGREGATED_V2.contentType());
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode r : list.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " missing from " + list);
  }
}
