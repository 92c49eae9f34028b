package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI v3 document of one group/version, as kube-apiserver publishes it under {@code
 * /openapi/v3/apis/<group>/<version>} (or {@code /openapi/v3/api/v1}): a schema per kind carrying
 * the CRD's {@code openAPIV3Schema} plus {@code apiVersion}, {@code kind}, {@code metadata} and
 * {@code x-kubernetes-group-version-kind}, the List kind, the meta/v1 types they refer to, and the
 * REST paths with their operations.
 *
 * <p>kubectl reads from it: schemas for {@code explain}; whether a kind's PATCH takes the {@code
 * fieldValidation} query parameter (apply, create, replace, edit); and whether the PATCH accepts
 * {@code application/strategic-merge-patch+json} (apply then computes a strategic merge patch).
 * Custom resources therefore list only JSON patch, merge patch and apply patch; the built-in kinds
 * other than CustomResourceDefinition list strategic merge patch too, as kube-apiserver does.
 */
public final class OpenApiV3 {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String REF = "#/components/schemas/";
  private static final Map<String, JsonNode> META_SCHEMAS = loadMetaSchemas();

  private static final String API_VERSION_DOC =
      "APIVersion defines the versioned schema of this representation of an object. Servers should"
          + " convert recognized schemas to the latest internal value, and may reject unrecognized"
          + " values. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
  private static final String KIND_DOC =
      "Kind is a string value representing the REST resource this object represents. Servers may"
          + " infer this from the endpoint the client submits requests to. Cannot be updated. In"
          + " CamelCase. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
  private static final String METADATA_DOC =
      "Standard object's metadata. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
  private static final String LIST_METADATA_DOC =
      "Standard list metadata. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

  private OpenApiV3() {}

  private static Map<String, JsonNode> loadMetaSchemas() {
    try (InputStream in = OpenApiV3.class.getResourceAsStream("meta-schemas.json")) {
      if (in == null) {
        throw new IllegalStateException("meta-schemas.json missing from the classpath");
      }
      Map<String, JsonNode> schemas = new TreeMap<>();
      new ObjectMapper()
          .readTree(in)
          .fields()
          .forEachRemaining(e -> schemas.put(e.getKey(), e.getValue()));
      return schemas;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The path of a group/version's document below {@code /openapi/v3/}: {@code api/v1} or {@code
   * apis/g/v}.
   */
  public static String documentPath(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /** The definition name of a served kind. */
  public static String definitionName(ResourceType type) {
    return SchemaNames.definition(type.group(), type.version(), type.kind(), type.builtin());
  }

  /** The definition name of a served kind's list kind. */
  public static String listDefinitionName(ResourceType type) {
    return SchemaNames.definition(type.group(), type.version(), type.listKind(), type.builtin());
  }

  /**
   * Whether kube-apiserver would advertise strategic merge patch for this kind: built-in kinds
   * except CustomResourceDefinition (which kubectl patches with merge patch, as apiextensions is
   * not in its scheme).
   */
  public static boolean acceptsStrategicMergePatch(ResourceType type) {
    return type.builtin() && !type.group().equals("apiextensions.k8s.io");
  }

  /**
   * The document of one group/version.
   *
   * @param types the kinds served at that group/version (all with the same group and version)
   */
  public static ObjectNode document(List<ResourceType> types) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("a group/version document needs at least one kind");
    }
    boolean builtin = types.stream().allMatch(ResourceType::builtin);
    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", builtin ? "Kubernetes" : "Kubernetes CRD Swagger");
    info.put("version", builtin ? "unversioned" : "v0.1.0");
    ObjectNode paths = doc.putObject("paths");
    Map<String, JsonNode> schemas = new TreeMap<>(META_SCHEMAS);
    for (ResourceType type : types) {
      schemas.put(definitionName(type), kindSchema(type));
      if (type.stored()) {
        schemas.put(listDefinitionName(type), listSchema(type));
      }
      new PathsBuilder(type).addTo(paths);
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode schemaNode = components.putObject("schemas");
    schemas.forEach(schemaNode::set);
    return doc;
  }

  /** The schema of a kind: its openAPIV3Schema with apiVersion, kind and metadata added. */
  static ObjectNode kindSchema(ResourceType type) {
    ObjectNode schema =
        type.openApiV3Schema() instanceof ObjectNode given ? given.deepCopy() : JSON.objectNode();
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    ObjectNode properties =
        schema.get("properties") instanceof ObjectNode existing ? existing : JSON.objectNode();
    properties.set("apiVersion", typeMetaProperty(API_VERSION_DOC));
    properties.set("kind", typeMetaProperty(KIND_DOC));
    properties.set("metadata", refProperty(SchemaNames.META + "ObjectMeta", METADATA_DOC));
    schema.set("properties", sortedProperties(properties));
    schema.set("x-kubernetes-group-version-kind", gvkList(type, type.kind()));
    return schema;
  }

  private static ObjectNode listSchema(ResourceType type) {
    ObjectNode schema = JSON.objectNode();
    schema.put("description", type.listKind() + " is a list of " + type.kind());
    ObjectNode properties = schema.putObject("properties");
    properties.set("apiVersion", typeMetaProperty(API_VERSION_DOC));
    ObjectNode items = properties.putObject("items");
    items.put(
        "description",
        "List of "
            + type.plural()
            + ". More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    items.set("items", ref(definitionName(type)));
    items.put("type", "array");
    properties.set("kind", typeMetaProperty(KIND_DOC));
    properties.set("metadata", refProperty(SchemaNames.META + "ListMeta", LIST_METADATA_DOC));
    schema.putArray("required").add("items");
    schema.put("type", "object");
    schema.set("x-kubernetes-group-version-kind", gvkList(type, type.listKind()));
    return schema;
  }

  private static ObjectNode sortedProperties(ObjectNode properties) {
    ObjectNode sorted = JSON.objectNode();
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    names.stream().sorted().forEach(name -> sorted.set(name, properties.get(name)));
    return sorted;
  }

  private static ObjectNode typeMetaProperty(String description) {
    ObjectNode node = JSON.objectNode();
    node.put("description", description);
    node.put("type", "string");
    return node;
  }

  private static ObjectNode refProperty(String definition, String description) {
    ObjectNode node = JSON.objectNode();
    node.putArray("allOf").add(ref(definition));
    node.put("description", description);
    return node;
  }

  static ObjectNode ref(String definition) {
    ObjectNode node = JSON.objectNode();
    node.put("$ref", REF + definition);
    return node;
  }

  private static ArrayNode gvkList(ResourceType type, String kind) {
    ArrayNode list = JSON.arrayNode();
    list.add(gvk(type, kind));
    return list;
  }

  static ObjectNode gvk(ResourceType type, String kind) {
    ObjectNode node = JSON.objectNode();
    node.put("group", type.group());
    node.put("kind", kind);
    node.put("version", type.version());
    return node;
  }

  /**
   * The root document {@code /openapi/v3}: each group/version's path with its URL carrying the
   * document's hash.
   *
   * @param hashes document path (e.g. {@code apis/g/v}) to hash
   */
  public static ObjectNode root(Map<String, String> hashes) {
    ObjectNode doc = JSON.objectNode();
    ObjectNode paths = doc.putObject("paths");
    new TreeMap<>(hashes)
        .forEach(
            (path, hash) ->
                paths
                    .putObject(path)
                    .put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash));
    return doc;
  }
}
