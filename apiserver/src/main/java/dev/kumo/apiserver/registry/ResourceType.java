package dev.kumo.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kumo.apiserver.crd.ServedKind;
import dev.kumo.apiserver.schema.StructuralSchema;
import java.util.List;

/**
 * One resource the server serves at one group/version: what discovery advertises, where its objects
 * live in etcd, how writes are checked. Built-in kinds (Namespace, ConfigMap, ...) and kinds
 * defined by CustomResourceDefinitions share this description, so one generic handler serves them
 * all.
 *
 * @param group API group; "" for the core group
 * @param version version, e.g. v1alpha1
 * @param kind kind, e.g. VmInstance
 * @param listKind list kind, e.g. VmInstanceList
 * @param plural resource name in URLs, e.g. vminstances
 * @param singular singular name, e.g. vminstance
 * @param shortNames short names, e.g. [vm]
 * @param categories categories, e.g. [kumo]
 * @param namespaced whether objects live in namespaces
 * @param statusSubresource whether {@code /status} is a subresource (status then changes only
 *     there)
 * @param printerColumns the version's {@code additionalPrinterColumns} (possibly empty)
 * @param openApiV3Schema the version's schema as written (a {@code type: object} schema)
 * @param schema the same schema parsed for pruning, defaulting and validation
 * @param verbs the verbs discovery advertises, e.g. create, delete, deletecollection, get, ...
 * @param storagePrefix etcd key prefix without trailing slash, e.g.
 *     /registry/compute.kumo.dev/vminstances
 * @param builtin true for kinds compiled into the server, false for CRD-defined kinds
 * @param allowUnconditionalUpdate whether a PUT without metadata.resourceVersion is accepted
 * @param storageVersion whether this version is the CRD's storage version
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String listKind,
    String plural,
    String singular,
    List<String> shortNames,
    List<String> categories,
    boolean namespaced,
    boolean statusSubresource,
    ArrayNode printerColumns,
    JsonNode openApiV3Schema,
    StructuralSchema schema,
    List<String> verbs,
    String storagePrefix,
    boolean builtin,
    boolean allowUnconditionalUpdate,
    boolean storageVersion) {

  /** The verbs of an ordinary stored resource. */
  public static final List<String> STANDARD_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** Canonical constructor: defensive copies. */
  public ResourceType {
    shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
    categories = categories == null ? List.of() : List.copyOf(categories);
    verbs = verbs == null ? STANDARD_VERBS : List.copyOf(verbs);
    printerColumns =
        printerColumns == null ? JsonNodeFactory.instance.arrayNode() : printerColumns.deepCopy();
  }

  /** The apiVersion objects carry: {@code group/version}, or just {@code version} for core. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * The group/resource name used in messages: {@code vminstances.compute.kumo.dev} or {@code
   * configmaps}.
   */
  public String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The URL path of this resource's collection, e.g. {@code /apis/g/v/namespaces/ns/plural}. */
  public String collectionPath(String namespace) {
    String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return namespaced && namespace != null
        ? root + "/namespaces/" + namespace + "/" + plural
        : root + "/" + plural;
  }

  /** The etcd key of one object. */
  public String key(String namespace, String name) {
    return namespaced ? storagePrefix + "/" + namespace + "/" + name : storagePrefix + "/" + name;
  }

  /** The etcd prefix of a namespace's objects (with trailing slash), or of all objects. */
  public String keyPrefix(String namespace) {
    return namespaced && namespace != null && !namespace.isEmpty()
        ? storagePrefix + "/" + namespace + "/"
        : storagePrefix + "/";
  }

  /** Whether objects can be stored (false for review kinds that are only ever created). */
  public boolean stored() {
    return verbs.contains("get");
  }

  /** The view the schema validator works with. */
  public ServedKind servedKind() {
    return new ServedKind(group, version, kind, plural, namespaced, openApiV3Schema, schema);
  }
}
