package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission;
import dev.kumo.apiserver.rest.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a write of a custom resource offline, exactly as kumo-apiserver does with {@code
 * fieldValidation=Strict} (the same {@link Admission}): unknown kinds are 404, unknown fields 400,
 * and otherwise the object is pruned and defaulted, then checked against its schema, its metadata
 * rules and its CEL rules (422 listing every offending field).
 */
public final class ResourceValidator {
  private final CrdCatalog catalog;
  private final Admission admission;

  public ResourceValidator(CrdCatalog catalog, CelValidator cel) {
    this.catalog = catalog;
    this.admission = new Admission(cel);
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
    Optional<ResourceType> found = catalog.findType(apiVersion, kind);
    if (found.isEmpty()) {
      String message = "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"";
      return new Verdict.Rejected(404, "NotFound", message, List.of());
    }
    try {
      ObjectNode admitted =
          admission.admit(
              found.get(),
              objectNode,
              oldObject instanceof ObjectNode old ? old : null,
              Admission.FieldValidation.STRICT,
              new ArrayList<>());
      return new Verdict.Accepted(admitted);
    } catch (ApiException e) {
      List<String> causes = new ArrayList<>();
      for (JsonNode cause : e.status().path("details").path("causes")) {
        String field = cause.path("field").asText("");
        String message = cause.path("message").asText("");
        causes.add(field.isEmpty() ? message : field + ": " + message);
      }
      return new Verdict.Rejected(e.code(), e.reason(), e.getMessage(), causes);
    }
  }
}
