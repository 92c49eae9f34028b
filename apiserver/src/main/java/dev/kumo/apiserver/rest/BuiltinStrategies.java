package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.registry.ResourceRegistry;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.registry.ResourceTypes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs per built-in kind from the generic custom-resource strategy: Secrets fold {@code
 * stringData} into {@code data}; Namespaces carry the {@code kubernetes} finalizer and a phase;
 * CustomResourceDefinitions are validated, get their conditions and are served once written;
 * ConfigMaps and Secrets honour {@code immutable}; Events select on {@code involvedObject.*}.
 */
public class BuiltinStrategies {
  private static final Set<String> DEFAULT_FIELDS = Set.of("metadata.name", "metadata.namespace");

  private final ResourceRegistry registry;
  private final CelValidator cel;
  private final Clock clock;

  public BuiltinStrategies(ResourceRegistry registry, CelValidator cel, Clock clock) {
    this.registry = registry;
    this.cel = cel;
    this.clock = clock;
  }

  /** The fields a field selector may use for this kind. */
  public Set<String> selectableFields(ResourceType type) {
    if (!type.builtin()) {
      return DEFAULT_FIELDS;
    }
    return switch (type.kind()) {
      case "Event" ->
          Set.of(
              "metadata.name",
              "metadata.namespace",
              "involvedObject.kind",
              "involvedObject.namespace",
              "involvedObject.name",
              "involvedObject.uid",
              "involvedObject.apiVersion",
              "involvedObject.resourceVersion",
              "involvedObject.fieldPath",
              "reason",
              "reportingComponent",
              "source",
              "type");
      case "Secret" -> Set.of("metadata.name", "metadata.namespace", "type");
      case "Namespace" -> Set.of("metadata.name", "status.phase");
      default -> DEFAULT_FIELDS;
    };
  }

  /** Kind-specific defaults on create, before validation. */
  public void prepareCreate(ResourceType type, ObjectNode object) {
    if (!type.builtin()) {
      return;
    }
    switch (type.kind()) {
      case "Secret" -> foldStringData(object);
      case "Namespace" -> {
        ObjectNode spec = object("spec", object);
        ArrayNode finalizers = spec.putArray("finalizers");
        finalizers.add("kubernetes");
        object("status", object).put("phase", "Active");
      }
      case "CustomResourceDefinition" -> {
        ObjectNode metadata = ResourceService.metadataOf(object);
        ArrayNode finalizers =
            metadata.get("finalizers") instanceof ArrayNode a ? a : metadata.putArray("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
          present |= f.asText().equals(ResourceService.CRD_CLEANUP_FINALIZER);
        }
        if (!present) {
          finalizers.add(ResourceService.CRD_CLEANUP_FINALIZER);
        }
        crdStatus(object, null);
      }
      default -> {}
    }
  }

  /** Kind-specific changes on update, before validation. */
  public void prepareUpdate(
      ResourceType type, ObjectNode next, ObjectNode current, String subresource) {
    if (!type.builtin()) {
      return;
    }
    switch (type.kind()) {
      case "Secret" -> foldStringData(next);
      case "Namespace" -> {
        if (!"finalize".equals(subresource)) {
          JsonNode finalizers = current.path("spec").get("finalizers");
          ObjectNode spec = object("spec", next);
          if (finalizers == null) {
            spec.remove("finalizers");
          } else {
            spec.set("finalizers", finalizers.deepCopy());
          }
        }
        if (current.path("metadata").has("deletionTimestamp")) {
          object("status", next).put("phase", "Terminating");
        }
      }
      case "CustomResourceDefinition" -> {
        if (subresource == null) {
          crdStatus(next, current);
        }
      }
      default -> {}
    }
  }

  /** Kind-specific checks after schema validation; 422 when they fail. */
  public void validate(ResourceType type, ObjectNode object, ObjectNode old) {
    if (!type.builtin()) {
      return;
    }
    String name = object.path("metadata").path("name").asText();
    List<ApiException.Cause> causes = new ArrayList<>();
    switch (type.kind()) {
      case "ConfigMap", "Secret" -> {
        if (old != null && old.path("immutable").asBoolean(false)) {
          for (String field : List.of("data", "binaryData", "immutable")) {
            if (!old.path(field).equals(object.path(field))) {
              causes.add(
                  new ApiException.Cause(
                      "FieldValueForbidden",
                      field,
                      "Forbidden: field is immutable when `immutable` is set"));
            }
          }
        }
      }
      case "CustomResourceDefinition" -> validateCrd(object, old, causes);
      default -> {}
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(type.kind(), type.group(), name, causes);
    }
  }

  /** Whether deleting this object only marks it (Namespaces with spec.finalizers). */
  public boolean deletesGracefully(ResourceType type, ObjectNode object) {
    return type.builtin()
        && type.kind().equals("Namespace")
        && type.group().isEmpty()
        && object.path("spec").path("finalizers").size() > 0;
  }

  /** Kind-specific changes when deletion starts. */
  public void prepareDelete(ResourceType type, ObjectNode object) {
    if (type.builtin() && type.kind().equals("Namespace")) {
      object("status", object).put("phase", "Terminating");
    }
  }

  /** Called after an object was written (not for dry runs). */
  public void afterWrite(ResourceType type, ObjectNode stored) {
    if (type.builtin() && type.kind().equals("CustomResourceDefinition")) {
      serveCrd(stored);
    }
  }

  /** Called after an object was deleted. */
  public void afterDelete(ResourceType type, ObjectNode deleted) {
    if (type.builtin() && type.kind().equals("CustomResourceDefinition")) {
      registry.removeCrd(deleted.path("metadata").path("name").asText());
    }
  }

  /** Serves the kinds of a stored CRD (also called for CRDs read at start-up or by a watch). */
  public void serveCrd(JsonNode crd) {
    String name = crd.path("metadata").path("name").asText();
    try {
      registry.putCrd(name, ResourceTypes.fromCrd(crd));
    } catch (RuntimeException e) {
      // an invalid CRD stored by another server: do not serve it
      registry.removeCrd(name);
    }
  }

  private void validateCrd(ObjectNode crd, ObjectNode old, List<ApiException.Cause> causes) {
    JsonNode spec = crd.path("spec");
    String name = crd.path("metadata").path("name").asText();
    String group = spec.path("group").asText("");
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText("");
    if (group.isEmpty()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "spec.group", "Required value"));
    } else if (!group.contains(".")) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "spec.group",
              "Invalid value: \"" + group + "\": should be a domain with at least one dot"));
    }
    if (plural.isEmpty()) {
      causes.add(
          new ApiException.Cause("FieldValueRequired", "spec.names.plural", "Required value"));
    }
    if (names.path("kind").asText("").isEmpty()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "spec.names.kind", "Required value"));
    }
    if (!name.equals(plural + "." + group)) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "metadata.name",
              "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group"));
    }
    String scope = spec.path("scope").asText("");
    if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
      causes.add(
          new ApiException.Cause(
              "FieldValueNotSupported",
              "spec.scope",
              "Unsupported value: \""
                  + scope
                  + "\": supported values: \"Cluster\", \"Namespaced\""));
    }
    if (old != null) {
      if (!old.path("spec").path("scope").equals(spec.path("scope"))) {
        causes.add(
            new ApiException.Cause(
                "FieldValueInvalid",
                "spec.scope",
                "Invalid value: \"" + scope + "\": field is immutable"));
      }
    }
    int storage = 0;
    int i = 0;
    for (JsonNode version : spec.path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        storage++;
      }
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      String path = "spec.versions[" + i + "].schema.openAPIV3Schema";
      if (schema.isMissingNode()) {
        causes.add(new ApiException.Cause("FieldValueRequired", path, "Required value"));
      } else {
        try {
          dev.kumo.apiserver.schema.StructuralSchema.parse(schema);
          cel.compiledSchema(schema);
        } catch (RuntimeException e) {
          causes.add(
              new ApiException.Cause(
                  "FieldValueInvalid", path, "Invalid value: " + e.getMessage()));
        }
      }
      i++;
    }
    if (i == 0) {
      causes.add(new ApiException.Cause("FieldValueRequired", "spec.versions", "Required value"));
    } else if (storage != 1) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "spec.versions",
              "Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have"
                  + " exactly one version marked as storage version"));
    }
  }

  /**
   * Sets NamesAccepted/Established, acceptedNames and storedVersions, as the CRD controllers do.
   */
  private void crdStatus(ObjectNode crd, ObjectNode current) {
    ObjectNode status = object("status", crd);
    JsonNode names = crd.path("spec").path("names");
    ObjectNode accepted = names.deepCopy();
    if (!accepted.has("singular")) {
      accepted.put("singular", names.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
    }
    if (!accepted.has("listKind")) {
      accepted.put("listKind", names.path("kind").asText() + "List");
    }
    status.set("acceptedNames", accepted);
    List<String> stored = new ArrayList<>();
    if (current != null) {
      current.path("status").path("storedVersions").forEach(v -> stored.add(v.asText()));
    }
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)
          && !stored.contains(version.path("name").asText())) {
        stored.add(version.path("name").asText());
      }
    }
    ArrayNode storedVersions = status.putArray("storedVersions");
    stored.forEach(storedVersions::add);
    String now = ResourceService.timestamp(clock.instant());
    Map<String, JsonNode> previous = new java.util.HashMap<>();
    if (current != null) {
      for (JsonNode c : current.path("status").path("conditions")) {
        previous.put(c.path("type").asText(), c);
      }
    }
    boolean terminating = crd.path("metadata").has("deletionTimestamp");
    ArrayNode conditions = status.putArray("conditions");
    condition(
        conditions, previous, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
    condition(
        conditions,
        previous,
        "Established",
        "True",
        "InitialNamesAccepted",
        "the initial names have been accepted",
        now);
    if (terminating) {
      condition(
          conditions,
          previous,
          "Terminating",
          "True",
          "InstanceDeletionInProgress",
          "CustomResource deletion is in progress",
          now);
    }
  }

  private static void condition(
      ArrayNode conditions,
      Map<String, JsonNode> previous,
      String type,
      String status,
      String reason,
      String message,
      String now) {
    JsonNode old = previous.get(type);
    ObjectNode c = conditions.addObject();
    c.put("type", type).put("status", status);
    c.put(
        "lastTransitionTime",
        old != null && old.path("status").asText().equals(status)
            ? old.path("lastTransitionTime").asText(now)
            : now);
    c.put("reason", reason).put("message", message);
  }

  private static void foldStringData(ObjectNode secret) {
    JsonNode stringData = secret.remove("stringData");
    if (stringData instanceof ObjectNode strings && strings.size() > 0) {
      ObjectNode data = object("data", secret);
      Iterator<Map.Entry<String, JsonNode>> it = strings.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        data.put(
            e.getKey(),
            Base64.getEncoder()
                .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (secret.path("type").asText("").isEmpty()) {
      secret.put("type", "Opaque");
    }
  }

  private static ObjectNode object(String field, ObjectNode parent) {
    JsonNode node = parent.get(field);
    if (node instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }
}
