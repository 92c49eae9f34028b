package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The discovery documents kube-apiserver serves, computed from the served {@link ResourceType}s:
 * {@code /api} (APIVersions), {@code /apis} (APIGroupList), {@code /apis/<group>} (APIGroup),
 * {@code /api/v1} and {@code /apis/<group>/<version>} (APIResourceList), and the aggregated {@code
 * APIGroupDiscoveryList} for {@code /api} and {@code /apis}. Field order follows the Go structs so
 * the JSON matches kube-apiserver's byte for byte.
 */
public final class Discovery {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The verbs apiextensions-apiserver advertises for a custom resource, in its order. */
  private static final List<String> CUSTOM_RESOURCE_VERBS =
      List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch");

  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /**
   * Built-in resources kube-apiserver stores in another group/version than the ones it serves;
   * their storageVersionHash is that encoding's (CustomResourceDefinitions are still written as
   * v1beta1, events.k8s.io Events as core/v1 Events).
   */
  private static final Map<String, String[]> BUILTIN_STORAGE_ENCODING =
      Map.of(
          "customresourcedefinitions.apiextensions.k8s.io",
          new String[] {"apiextensions.k8s.io", "v1beta1"},
          "events.events.k8s.io",
          new String[] {"", "v1"});

  /** group -> version -> types, groups in serving order, versions highest priority first. */
  private final Map<String, Map<String, List<ResourceType>>> groups;

  /** Builds the documents' source; the list is copied. */
  public Discovery(List<ResourceType> types) {
    this.groups = index(types);
  }

  private static Map<String, Map<String, List<ResourceType>>> index(List<ResourceType> types) {
    // Built-in groups keep their registration order (as kube-apiserver lists them); CRD groups
    // follow, alphabetically.
    List<ResourceType> ordered = new ArrayList<>(types);
    ordered.sort(
        Comparator.comparing((ResourceType t) -> !t.builtin())
            .thenComparing(t -> t.builtin() ? "" : t.group()));
    Map<String, Map<String, List<ResourceType>>> byGroup = new LinkedHashMap<>();
    for (ResourceType type : ordered) {
      byGroup
          .computeIfAbsent(type.group(), g -> new TreeMap<>(VersionPriority.HIGHEST_FIRST))
          .computeIfAbsent(type.version(), v -> new ArrayList<>())
          .add(type);
    }
    for (Map<String, List<ResourceType>> versions : byGroup.values()) {
      versions.values().forEach(list -> list.sort(Comparator.comparing(ResourceType::plural)));
    }
    return byGroup;
  }

  /**
   * {@code GET /api}: the core group's versions.
   *
   * @param serverAddress the {@code host:port} clients reach this server at
   */
  public ObjectNode apiVersions(String serverAddress) {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIVersions");
    ArrayNode versions = doc.putArray("versions");
    groups.getOrDefault("", Map.of()).keySet().forEach(versions::add);
    ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return doc;
  }

  /** {@code GET /apis}: every named group with its versions and preferred version. */
  public ObjectNode apiGroupList() {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode list = doc.putArray("groups");
    groups.keySet().stream().filter(g -> !g.isEmpty()).forEach(g -> list.add(group(g)));
    return doc;
  }

  /** {@code GET /apis/<group>}, or empty when the group is not served. */
  public Optional<ObjectNode> apiGroup(String group) {
    if (group.isEmpty() || !groups.containsKey(group)) {
      return Optional.empty();
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroup");
    doc.put("apiVersion", "v1");
    doc.setAll(group(group));
    return Optional.of(doc);
  }

  private ObjectNode group(String group) {
    ObjectNode node = JSON.objectNode();
    node.put("name", group);
    ArrayNode versions = node.putArray("versions");
    for (String version : groups.get(group).keySet()) {
      versions.add(groupVersion(group, version));
    }
    node.set("preferredVersion", versions.get(0).deepCopy());
    return node;
  }

  private static ObjectNode groupVersion(String group, String version) {
    ObjectNode node = JSON.objectNode();
    node.put("groupVersion", group + "/" + version);
    node.put("version", version);
    return node;
  }

  /**
   * {@code GET /api/v1} (group "") or {@code GET /apis/<group>/<version>}, or empty when that
   * group/version is not served.
   */
  public Optional<ObjectNode> apiResourceList(String group, String version) {
    List<ResourceType> types = groups.getOrDefault(group, Map.of()).get(version);
    if (types == null) {
      return Optional.empty();
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType type : types) {
      resources.add(apiResource(type));
      if (type.statusSubresource()) {
        ObjectNode status = resources.addObject();
        status.put("name", type.plural() + "/status");
        status.put("singularName", "");
        status.put("namespaced", type.namespaced());
        status.put("kind", type.kind());
        strings(status.putArray("verbs"), STATUS_VERBS);
      }
    }
    return Optional.of(doc);
  }

  private ObjectNode apiResource(ResourceType type) {
    ObjectNode node = JSON.objectNode();
    node.put("name", type.plural());
    node.put("singularName", type.singular());
    node.put("namespaced", type.namespaced());
    node.put("kind", type.kind());
    strings(node.putArray("verbs"), verbs(type));
    if (!type.shortNames().isEmpty()) {
      strings(node.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(node.putArray("categories"), type.categories());
    }
    if (type.stored()) {
      node.put("storageVersionHash", storageVersionHash(type));
    }
    return node;
  }

  /**
   * The aggregated discovery document ({@code APIGroupDiscoveryList}) for {@code /api} (core group
   * only) or {@code /apis} (every named group).
   *
   * @param core true for {@code /api}, false for {@code /apis}
   * @param format {@link DiscoveryFormat#AGGREGATED_V2} or {@link
   *     DiscoveryFormat#AGGREGATED_V2BETA1}
   */
  public ObjectNode aggregated(boolean core, DiscoveryFormat format) {
    if (format.apiVersion() == null) {
      throw new IllegalArgumentException("not an aggregated discovery format: " + format);
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroupDiscoveryList");
    doc.put("apiVersion", format.apiVersion());
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    for (Map.Entry<String, Map<String, List<ResourceType>>> group : groups.entrySet()) {
      if (group.getKey().isEmpty() != core) {
        continue;
      }
      ObjectNode item = items.addObject();
      ObjectNode metadata = item.putObject("metadata");
      if (!core) {
        metadata.put("name", group.getKey());
      }
      metadata.putNull("creationTimestamp");
      ArrayNode versions = item.putArray("versions");
      for (Map.Entry<String, List<ResourceType>> version : group.getValue().entrySet()) {
        ObjectNode versionNode = versions.addObject();
        versionNode.put("version", version.getKey());
        ArrayNode resources = versionNode.putArray("resources");
        version.getValue().forEach(type -> resources.add(resourceDiscovery(type)));
        versionNode.put("freshness", "Current");
      }
    }
    return doc;
  }

  private ObjectNode resourceDiscovery(ResourceType type) {
    ObjectNode node = JSON.objectNode();
    node.put("resource", type.plural());
    node.set("responseKind", gvk(type));
    node.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    node.put("singularResource", type.singular());
    strings(node.putArray("verbs"), verbs(type));
    if (!type.shortNames().isEmpty()) {
      strings(node.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(node.putArray("categories"), type.categories());
    }
    if (type.statusSubresource()) {
      ObjectNode status = node.putArray("subresources").addObject();
      status.put("subresource", "status");
      status.set("responseKind", gvk(type));
      strings(status.putArray("verbs"), STATUS_VERBS);
    }
    return node;
  }

  private static ObjectNode gvk(ResourceType type) {
    ObjectNode node = JSON.objectNode();
    node.put("group", type.group());
    node.put("version", type.version());
    node.put("kind", type.kind());
    return node;
  }

  private static List<String> verbs(ResourceType type) {
    return !type.builtin() && type.verbs().equals(ResourceType.STANDARD_VERBS)
        ? CUSTOM_RESOURCE_VERBS
        : type.verbs();
  }

  /**
   * The storage version hash of the resource's storage version (every served version shares it).
   */
  private String storageVersionHash(ResourceType type) {
    String[] encoding = type.builtin() ? BUILTIN_STORAGE_ENCODING.get(type.groupResource()) : null;
    if (encoding != null) {
      return storageVersionHash(encoding[0], encoding[1], type.kind());
    }
    String storageVersion = type.version();
    for (List<ResourceType> sameGroup : groups.get(type.group()).values()) {
      for (ResourceType other : sameGroup) {
        if (other.plural().equals(type.plural()) && other.storageVersion()) {
          storageVersion = other.version();
        }
      }
    }
    return storageVersionHash(type.group(), storageVersion, type.kind());
  }

  /**
   * kube-apiserver's {@code discovery.StorageVersionHash}: base64 of the first 8 bytes of the
   * SHA-256 of {@code group/version/kind}.
   */
  public static String storageVersionHash(String group, String version, String kind) {
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256")
              .digest((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sum, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JVM", e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
