package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.util.List;

/**
 * The OpenAPI v3 paths kube-apiserver publishes for one resource: collection (list, create,
 * deletecollection), item (read, replace, patch, delete), {@code /status} (read, replace, patch)
 * and, for namespaced resources, the list across all namespaces. Operations carry {@code
 * x-kubernetes-action} and {@code x-kubernetes-group-version-kind}; writes take {@code dryRun},
 * {@code fieldManager} and {@code fieldValidation} (and {@code force} on PATCH), inline, as kubectl
 * looks for them.
 */
final class PathsBuilder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> RESPONSE_TYPES =
      List.of("application/json", "application/yaml");
  private static final List<String> LIST_RESPONSE_TYPES =
      List.of("application/json", "application/json;stream=watch", "application/yaml");
  private static final String STATUS = SchemaNames.META + "Status";

  private final ResourceType type;
  private final String kindRef;
  private final String operationGroupVersion;

  PathsBuilder(ResourceType type) {
    this.type = type;
    this.kindRef = OpenApiV3.definitionName(type);
    this.operationGroupVersion = SchemaNames.operationGroupVersion(type.group(), type.version());
  }

  void addTo(ObjectNode paths) {
    String root =
        type.group().isEmpty()
            ? "/api/" + type.version()
            : "/apis/" + type.group() + "/" + type.version();
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection =
        type.namespaced()
            ? root + "/namespaces/{namespace}/" + type.plural()
            : root + "/" + type.plural();

    ObjectNode collectionPath = JSON.objectNode();
    if (can("list")) {
      collectionPath.set("get", list("list" + operationGroupVersion + scope + type.kind(), true));
    }
    if (can("create")) {
      collectionPath.set("post", create(scope));
    }
    if (can("deletecollection")) {
      collectionPath.set("delete", deleteCollection(scope));
    }
    addPath(paths, collection, collectionPath, false);

    if (type.stored()) {
      ObjectNode item = JSON.objectNode();
      String suffix = scope + type.kind();
      if (can("get")) {
        item.set("get", read("read", suffix, "read the specified "));
      }
      if (can("update")) {
        item.set("put", replace("replace", suffix, "replace the specified "));
      }
      if (can("patch")) {
        item.set("patch", patch("patch", suffix, "partially update the specified "));
      }
      if (can("delete")) {
        item.set("delete", delete(suffix));
      }
      addPath(paths, collection + "/{name}", item, true);

      if (type.statusSubresource()) {
        ObjectNode status = JSON.objectNode();
        String statusSuffix = suffix + "Status";
        status.set("get", read("read", statusSuffix, "read status of the specified "));
        status.set("put", replace("replace", statusSuffix, "replace status of the specified "));
        status.set(
            "patch", patch("patch", statusSuffix, "partially update status of the specified "));
        addPath(paths, collection + "/{name}/status", status, true);
      }
    }

    if (type.namespaced() && can("list")) {
      ObjectNode all = JSON.objectNode();
      ObjectNode get =
          list("list" + operationGroupVersion + type.kind() + "ForAllNamespaces", false);
      all.set("get", get);
      ArrayNode parameters = all.putArray("parameters");
      Parameters.list().forEach(parameters::add);
      parameters.insert(5, Parameters.pretty());
      paths.set(root + "/" + type.plural(), all);
    }
  }

  private boolean can(String verb) {
    return type.verbs().contains(verb);
  }

  private void addPath(ObjectNode paths, String path, ObjectNode item, boolean named) {
    if (item.isEmpty()) {
      return;
    }
    ArrayNode parameters = item.putArray("parameters");
    if (named) {
      parameters.add(Parameters.path("name", "name of the " + type.kind()));
    }
    if (type.namespaced()) {
      parameters.add(
          Parameters.path(
              "namespace", "object name and auth scope, such as for teams and projects"));
    }
    parameters.add(Parameters.pretty());
    paths.set(path, item);
  }

  private ObjectNode operation(String description, String operationId) {
    ObjectNode op = JSON.objectNode();
    op.put("description", description);
    op.put("operationId", operationId);
    return op;
  }

  private void finish(ObjectNode op, String action) {
    op.putArray("tags").add(SchemaNames.tag(type.group(), type.version()));
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", OpenApiV3.gvk(type, type.kind()));
  }

  private ObjectNode list(String operationId, boolean withParameters) {
    ObjectNode op = operation("list objects of kind " + type.kind(), operationId);
    if (withParameters) {
      ArrayNode parameters = op.putArray("parameters");
      Parameters.list().forEach(parameters::add);
    }
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", OpenApiV3.listDefinitionName(type), LIST_RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "list");
    return op;
  }

  private ObjectNode create(String scope) {
    ObjectNode op =
        operation(
            "create " + article(type.kind()) + " " + type.kind(),
            "create" + operationGroupVersion + scope + type.kind());
    writeParameters(op, false);
    op.set("requestBody", body(kindRef, true));
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", kindRef, RESPONSE_TYPES));
    responses.set("201", response("Created", kindRef, RESPONSE_TYPES));
    responses.set("202", response("Accepted", kindRef, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "post");
    return op;
  }

  private ObjectNode deleteCollection(String scope) {
    ObjectNode op =
        operation(
            "delete collection of " + type.kind(),
            "delete" + operationGroupVersion + "Collection" + scope + type.kind());
    op.set("parameters", Parameters.deleteCollection());
    op.set("requestBody", body(SchemaNames.META + "DeleteOptions", false));
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", STATUS, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "deletecollection");
    return op;
  }

  private ObjectNode read(String verb, String suffix, String description) {
    ObjectNode op = operation(description + type.kind(), verb + operationGroupVersion + suffix);
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", kindRef, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "get");
    return op;
  }

  private ObjectNode replace(String verb, String suffix, String description) {
    ObjectNode op = operation(description + type.kind(), verb + operationGroupVersion + suffix);
    writeParameters(op, false);
    op.set("requestBody", body(kindRef, true));
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", kindRef, RESPONSE_TYPES));
    responses.set("201", response("Created", kindRef, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "put");
    return op;
  }

  private ObjectNode patch(String verb, String suffix, String description) {
    ObjectNode op = operation(description + type.kind(), verb + operationGroupVersion + suffix);
    writeParameters(op, true);
    ObjectNode requestBody = op.putObject("requestBody");
    ObjectNode content = requestBody.putObject("content");
    for (String patchType : patchTypes()) {
      content.putObject(patchType).set("schema", OpenApiV3.ref(SchemaNames.META + "Patch"));
    }
    requestBody.put("required", true);
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", kindRef, RESPONSE_TYPES));
    responses.set("201", response("Created", kindRef, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "patch");
    return op;
  }

  private List<String> patchTypes() {
    return OpenApiV3.acceptsStrategicMergePatch(type)
        ? List.of(
            "application/apply-patch+yaml",
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json")
        : List.of(
            "application/apply-patch+yaml",
            "application/json-patch+json",
            "application/merge-patch+json");
  }

  private ObjectNode delete(String suffix) {
    ObjectNode op =
        operation(
            "delete " + article(type.kind()) + " " + type.kind(),
            "delete" + operationGroupVersion + suffix);
    op.set("parameters", Parameters.delete());
    op.set("requestBody", body(SchemaNames.META + "DeleteOptions", false));
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", STATUS, RESPONSE_TYPES));
    responses.set("202", response("Accepted", STATUS, RESPONSE_TYPES));
    unauthorized(responses);
    finish(op, "delete");
    return op;
  }

  private static void writeParameters(ObjectNode op, boolean patch) {
    ArrayNode parameters = op.putArray("parameters");
    parameters.add(Parameters.dryRun());
    parameters.add(Parameters.fieldManager(patch));
    parameters.add(Parameters.fieldValidation());
    if (patch) {
      parameters.add(Parameters.force());
    }
  }

  private static ObjectNode body(String definition, boolean required) {
    ObjectNode body = JSON.objectNode();
    body.putObject("content").putObject("*/*").set("schema", OpenApiV3.ref(definition));
    if (required) {
      body.put("required", true);
    }
    return body;
  }

  private static ObjectNode response(String description, String definition, List<String> types) {
    ObjectNode response = JSON.objectNode();
    ObjectNode content = response.putObject("content");
    types.forEach(t -> content.putObject(t).set("schema", OpenApiV3.ref(definition)));
    response.put("description", description);
    return response;
  }

  private static void unauthorized(ObjectNode responses) {
    responses.putObject("401").put("description", "Unauthorized");
  }

  /** kube-apiserver's operation descriptions say "create a VmInstance", "delete an Image". */
  private static String article(String kind) {
    return "AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
  }
}
