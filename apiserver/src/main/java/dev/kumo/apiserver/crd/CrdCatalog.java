package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.registry.ResourceTypes;
import dev.kumo.apiserver.schema.StructuralSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The kinds a set of CustomResourceDefinitions serves, looked up by apiVersion and kind. */
public final class CrdCatalog {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, ServedKind> byApiVersionAndKind = new LinkedHashMap<>();
  private final Map<String, ResourceType> typesByApiVersionAndKind = new LinkedHashMap<>();

  private CrdCatalog() {}

  /** Reads every CRD in the YAML files of a directory (not recursive), or in one file. */
  public static CrdCatalog load(Path path) throws IOException {
    CrdCatalog catalog = new CrdCatalog();
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> list = Files.list(path)) {
        files = list.filter(Manifests::isManifestFile).sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    for (Path file : files) {
      for (Manifests.Document document : Manifests.read(file)) {
        catalog.add(document.object());
      }
    }
    return catalog;
  }

  /** Adds the served versions of one CustomResourceDefinition. */
  public void add(JsonNode crd) {
    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
      throw new IllegalArgumentException(
          "not a CustomResourceDefinition: " + crd.path("kind").asText());
    }
    for (ResourceType type : ResourceTypes.fromCrd(crd)) {
      typesByApiVersionAndKind.put(type.apiVersion() + "/" + type.kind(), type);
    }
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    String kind = spec.path("names").path("kind").asText();
    String plural = spec.path("names").path("plural").asText();
    boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      JsonNode openApi = version.path("schema").path("openAPIV3Schema");
      ServedKind served =
          new ServedKind(
              group,
              version.path("name").asText(),
              kind,
              plural,
              namespaced,
              openApi,
              StructuralSchema.parse(openApi));
      byApiVersionAndKind.put(served.apiVersion() + "/" + kind, served);
    }
  }

  /** The served kind for an object's apiVersion and kind. */
  public Optional<ServedKind> find(String apiVersion, String kind) {
    return Optional.ofNullable(byApiVersionAndKind.get(apiVersion + "/" + kind));
  }

  /** The served resource type for an object's apiVersion and kind. */
  public Optional<ResourceType> findType(String apiVersion, String kind) {
    return Optional.ofNullable(typesByApiVersionAndKind.get(apiVersion + "/" + kind));
  }

  /** Every served kind, in the order the CRDs were read. */
  public List<ServedKind> kinds() {
    return new ArrayList<>(byApiVersionAndKind.values());
  }

  static ObjectMapper yaml() {
    return YAML;
  }
}
