package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates custom resources against their structural schema the way kube-apiserver does on create
 * and update: the OpenAPI value validations (through kube-openapi's rules and messages), then the
 * {@code x-kubernetes-list-type} uniqueness of sets and map lists.
 *
 * <p>kube-apiserver validates after pruning and defaulting; run {@link SchemaAdmission} for the
 * whole sequence. CEL rules ({@code x-kubernetes-validations}) and ObjectMeta validation are not
 * part of this class.
 */
public final class SchemaValidator {

  private SchemaValidator() {}

  /**
   * Validates {@code object}. Errors come in a stable order (schema declaration order, then list
   * types) and each distinct message once, as kubectl prints them.
   */
  public static List<FieldError> validate(StructuralSchema schema, JsonNode object) {
    List<FieldError> all = new ArrayList<>();
    for (OpenApiError e : OpenApiValidator.validate(schema, "", object).errors()) {
      all.add(e.toFieldError());
    }
    all.addAll(ListTypeValidator.validate(schema, object));
    Set<String> printed = new HashSet<>();
    return all.stream().filter(e -> printed.add(e.toString())).toList();
  }

  /**
   * The paths of the fields the schema does not declare, sorted, as kube-apiserver reports them
   * under {@code fieldValidation=Strict} (and prunes them otherwise). Fields below {@code
   * x-kubernetes-preserve-unknown-fields} and {@code additionalProperties} count as declared, and
   * so do {@code apiVersion}, {@code kind} and {@code metadata} at the root and in embedded
   * resources.
   */
  public static List<String> unknownFields(StructuralSchema schema, JsonNode object) {
    return SchemaPruner.unknownFields(schema, object);
  }

  /** kube-apiserver's strict-decoding message for an unknown field: {@code unknown field "x"}. */
  public static String unknownFieldMessage(String path) {
    return "unknown field \"" + path + "\"";
  }
}
