package dev.kumo.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kumo.apiserver.schema.StructuralSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link ResourceType}s from CustomResourceDefinitions and from the built-in kinds. */
public final class ResourceTypes {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Annotation on a built-in definition: its etcd prefix (core kinds have no group segment). */
  static final String STORAGE_PREFIX = "kumo.dev/storage-prefix";

  /** Annotation on a built-in definition: comma-separated verbs, when not the standard ones. */
  static final String VERBS = "kumo.dev/verbs";

  /** Annotation on a built-in definition: "true" when PUT may omit metadata.resourceVersion. */
  static final String UNCONDITIONAL_UPDATE = "kumo.dev/unconditional-update";

  private ResourceTypes() {}

  /** The served versions of a CustomResourceDefinition. */
  public static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode annotations = crd.path("metadata").path("annotations");
    String group = spec.path("group").asText();
    String plural = names.path("plural").asText();
    String kind = names.path("kind").asText();
    boolean builtin = annotations.has(STORAGE_PREFIX);
    String prefix =
        builtin ? annotations.path(STORAGE_PREFIX).asText() : "/registry/" + group + "/" + plural;
    List<String> verbs =
        annotations.has(VERBS)
            ? List.of(annotations.path(VERBS).asText().split(","))
            : ResourceType.STANDARD_VERBS;
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      JsonNode openApi = version.path("schema").path("openAPIV3Schema");
      types.add(
          new ResourceType(
              group,
              version.path("name").asText(),
              kind,
              names.path("listKind").asText(kind + "List"),
              plural,
              names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT)),
              strings(names.path("shortNames")),
              strings(names.path("categories")),
              "Namespaced".equals(spec.path("scope").asText()),
              version.path("subresources").has("status"),
              version.path("additionalPrinterColumns") instanceof ArrayNode columns
                  ? columns
                  : null,
              openApi,
              StructuralSchema.parse(openApi),
              verbs,
              prefix,
              builtin,
              "true".equals(annotations.path(UNCONDITIONAL_UPDATE).asText()),
              version.path("storage").asBoolean(false)));
    }
    return types;
  }

  /**
   * The kinds compiled into the server: Namespace, ConfigMap, Secret, Event, Lease,
   * CustomResourceDefinition and the access reviews, described as CRD-shaped documents in {@code
   * builtin-types.yaml}.
   */
  public static List<ResourceType> builtins() {
    try (InputStream in = ResourceTypes.class.getResourceAsStream("builtin-types.yaml")) {
      if (in == null) {
        throw new IllegalStateException("builtin-types.yaml missing from the classpath");
      }
      List<ResourceType> types = new ArrayList<>();
      for (JsonNode doc : YAML.readValues(YAML.createParser(in), JsonNode.class).readAll()) {
        types.addAll(fromCrd(doc));
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
