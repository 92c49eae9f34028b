package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.schema.FieldError;
import dev.kumo.apiserver.schema.SchemaAdmission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides a write of a custom resource the way kube-apiserver does for CRD-defined kinds with
 * {@code fieldValidation=Strict}: unknown kinds are 404, unknown fields 400, and otherwise the
 * object is pruned and defaulted, then checked against its schema, its metadata rules and its CEL
 * rules (422 listing every offending field).
 */
public final class ResourceValidator {
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final CrdCatalog catalog;
  private final CelValidator cel;

  public ResourceValidator(CrdCatalog catalog, CelValidator cel) {
    this.catalog = catalog;
    this.cel = cel;
  }

  /** The verdict on creating {@code object}. */
  public Verdict validateCreate(JsonNode object) {
    return validate(object, null);
  }

  /** The verdict on replacing {@code oldObject} with {@code object}; transition rules apply. */
  public Verdict validateUpdate(JsonNode object, JsonNode oldObject) {
    return validate(object, oldObject);
  }

  private Verdict validate(JsonNode object, JsonNode oldObject) {
    if (!(object instanceof ObjectNode objectNode)) {
      return new Verdict.Rejected(
          400, "BadRequest", "the object is not a JSON/YAML map", List.of());
    }
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    Optional<ServedKind> found = catalog.find(apiVersion, kind);
    if (found.isEmpty()) {
      String message = "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"";
      return new Verdict.Rejected(404, "NotFound", message, List.of());
    }
    ServedKind served = found.get();
    SchemaAdmission.Result admitted = SchemaAdmission.admit(served.schema(), objectNode);
    Optional<String> strict = admitted.strictDecodingError();
    if (strict.isPresent()) {
      String message =
          kind
              + " in version \""
              + served.version()
              + "\" cannot be handled as a "
              + kind
              + ": "
              + strict.get();
      return new Verdict.Rejected(400, "BadRequest", message, List.of());
    }
    List<String> causes = new ArrayList<>();
    metadataErrors(admitted.object(), served, causes);
    boolean blocking = false;
    for (FieldError error : admitted.errors()) {
      causes.add(error.toString());
      blocking |= error.type() == FieldError.Type.TYPE_INVALID;
    }
    if (blocking) {
      // kube-apiserver skips CEL rules when a value has the wrong type, and says so.
      causes.add(
          "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was"
              + " invalid; correct the existing errors to complete validation");
    } else {
      JsonNode old =
          oldObject == null
              ? null
              : SchemaAdmission.admit(served.schema(), (ObjectNode) oldObject).object();
      cel.validateObject(served.openApiV3Schema(), admitted.object(), old)
          .forEach(e -> causes.add(e.toString()));
    }
    if (causes.isEmpty()) {
      return new Verdict.Accepted(admitted.object());
    }
    String name = object.path("metadata").path("name").asText("");
    String message =
        kind
            + "."
            + served.group()
            + " \""
            + name
            + "\" is invalid: "
            + (causes.size() == 1 ? causes.get(0) : "[" + String.join(", ", causes) + "]");
    return new Verdict.Rejected(422, "Invalid", message, causes);
  }

  private static void metadataErrors(JsonNode object, ServedKind served, List<String> causes) {
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      if (metadata.path("generateName").asText("").isEmpty()) {
        causes.add("metadata.name: Required value: name or generateName is required");
      }
    } else if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      causes.add(
          "metadata.name: Invalid value: \""
              + name
              + "\": a lowercase RFC 1123 subdomain must consist of"
              + " lower case alphanumeric characters, '-' or '.', and must start and end with an"
              + " alphanumeric character (e.g. 'example.com', regex used for validation is"
              + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
    if (!served.namespaced() && !metadata.path("namespace").asText("").isEmpty()) {
      causes.add("metadata.namespace: Forbidden: not allowed on this type");
    }
  }
}
