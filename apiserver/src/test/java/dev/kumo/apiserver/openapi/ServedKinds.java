package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.registry.ResourceTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The kinds a Kumo server serves, as test input: the 17 Kumo CRDs and the built-in kinds. */
public final class ServedKinds {
  private static final YAMLMapper YAML = new YAMLMapper();

  private ServedKinds() {}

  /** The Kumo CRDs from the repository's crds/ folder. */
  public static List<ResourceType> kumo() {
    try (Stream<Path> files = Files.list(Path.of("..", "crds"))) {
      List<ResourceType> types = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        types.addAll(ResourceTypes.fromCrd(YAML.readTree(file.toFile())));
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Kumo kind by plural. */
  public static ResourceType kumo(String plural) {
    return kumo().stream().filter(t -> t.plural().equals(plural)).findFirst().orElseThrow();
  }

  /** Built-in kinds described the way the server describes them (minimal schemas). */
  public static List<ResourceType> builtins() {
    return List.of(
        builtin("", "Namespace", "namespaces", "Cluster", List.of("ns"), true, null),
        builtin("", "ConfigMap", "configmaps", "Namespaced", List.of("cm"), false, null),
        builtin("", "Secret", "secrets", "Namespaced", List.of(), false, null),
        builtin("", "Event", "events", "Namespaced", List.of("ev"), false, null),
        builtin("coordination.k8s.io", "Lease", "leases", "Namespaced", List.of(), false, null),
        builtin(
            "apiextensions.k8s.io",
            "CustomResourceDefinition",
            "customresourcedefinitions",
            "Cluster",
            List.of("crd", "crds"),
            true,
            null),
        builtin(
            "authorization.k8s.io",
            "SelfSubjectRulesReview",
            "selfsubjectrulesreviews",
            "Cluster",
            List.of(),
            false,
            "create"));
  }

  /** Built-ins followed by the Kumo CRDs. */
  public static List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(builtins());
    all.addAll(kumo());
    return all;
  }

  private static ResourceType builtin(
      String group,
      String kind,
      String plural,
      String scope,
      List<String> shortNames,
      boolean status,
      String verbs) {
    String prefix = "/registry/" + (group.isEmpty() ? "" : group + "/") + plural;
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n")
        .append("metadata:\n  name: ")
        .append(plural)
        .append('.')
        .append(group.isEmpty() ? "core" : group)
        .append("\n  annotations:\n    kumo.dev/storage-prefix: ")
        .append(prefix)
        .append('\n');
    if (verbs != null) {
      yaml.append("    kumo.dev/verbs: ").append(verbs).append('\n');
    }
    yaml.append("spec:\n  group: \"")
        .append(group)
        .append("\"\n  scope: ")
        .append(scope)
        .append("\n  names:\n    kind: ")
        .append(kind)
        .append("\n    plural: ")
        .append(plural)
        .append("\n    singular: ")
        .append(kind.toLowerCase(java.util.Locale.ROOT))
        .append("\n    shortNames: [")
        .append(String.join(", ", shortNames))
        .append("]\n")
        .append("  versions:\n  - name: v1\n    served: true\n    storage: true\n")
        .append(status ? "    subresources:\n      status: {}\n" : "")
        .append("    schema:\n      openAPIV3Schema:\n        type: object\n")
        .append("        x-kubernetes-preserve-unknown-fields: true\n");
    try {
      JsonNode crd = YAML.readTree(yaml.toString());
      return ResourceTypes.fromCrd(crd).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
