package dev.kumo.crds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kumo.api.KumoKinds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every generated CRD must have for kubectl users, checked on the generator's output. */
class GeneratedCrdsTest {
  private static Map<String, String> crds;
  private static final YAMLMapper YAML = new YAMLMapper();

  @BeforeAll
  static void generate() throws IOException {
    crds = GenerateCrds.generate();
  }

  @Test
  void oneCrdPerKind() {
    assertEquals(KumoKinds.ALL.size(), crds.size());
  }

  @Test
  void everyKindIsInTheKumoCategoryWithAShortNameAndStatusSubresource() throws IOException {
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      JsonNode spec = YAML.readTree(crd.getValue()).get("spec");
      assertEquals("kumo", spec.at("/names/categories/0").asText(), crd.getKey());
      assertFalse(spec.at("/names/shortNames/0").asText().isEmpty(), crd.getKey());
      assertTrue(spec.at("/versions/0/subresources/status").isObject(), crd.getKey());
      assertEquals("v1alpha1", spec.at("/versions/0/name").asText(), crd.getKey());
    }
  }

  @Test
  void printerColumnsKeepTheDeclaredOrderAndEndWithAge() throws IOException {
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      JsonNode columns =
          YAML.readTree(crd.getValue()).at("/spec/versions/0/additionalPrinterColumns");
      assertTrue(columns.size() >= 3, crd.getKey());
      assertEquals("Age", columns.get(columns.size() - 1).get("name").asText(), crd.getKey());
    }
    JsonNode vm = YAML.readTree(crds.get("vminstances.compute.kumo.dev.yaml"));
    List<String> names = new ArrayList<>();
    vm.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.get("name").asText()));
    assertEquals(
        List.of("State", "Host", "IP", "CPU", "Memory", "Image", "Desired", "Ready", "Age"), names);
  }

  @Test
  void everyFieldHasADescription() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      JsonNode root = YAML.readTree(crd.getValue()).at("/spec/versions/0/schema/openAPIV3Schema");
      assertNotNull(root.get("description"), crd.getKey());
      collectUndocumented(root, crd.getKey(), true, undocumented);
    }
    assertEquals(List.of(), undocumented);
  }

  @Test
  void quantitiesCarryTheQuantityPattern() throws IOException {
    JsonNode memory =
        YAML.readTree(crds.get("vminstances.compute.kumo.dev.yaml"))
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/memory");
    assertTrue(memory.get("x-kubernetes-int-or-string").asBoolean());
    assertTrue(memory.get("pattern").asText().startsWith("^(([0-9]+"));
  }

  @Test
  void theCommittedCrdsMatchTheModel() throws IOException {
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      assertEquals(
          crd.getValue(),
          java.nio.file.Files.readString(java.nio.file.Path.of(crd.getKey())),
          crd.getKey() + " is stale: mvn -pl crds -am process-classes -Dcrds.write");
    }
  }

  private static void collectUndocumented(
      JsonNode schema, String path, boolean root, List<String> out) {
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      properties
          .fields()
          .forEachRemaining(
              p -> {
                if (root && List.of("apiVersion", "kind", "metadata").contains(p.getKey())) {
                  return;
                }
                if (p.getValue().get("description") == null) {
                  out.add(path + " " + p.getKey());
                }
                collectUndocumented(p.getValue(), path + "." + p.getKey(), false, out);
              });
    }
    if (schema.has("items")) {
      collectUndocumented(schema.get("items"), path + "[]", false, out);
    }
  }
}
