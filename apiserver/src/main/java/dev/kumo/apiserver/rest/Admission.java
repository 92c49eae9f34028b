package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.schema.FieldError;
import dev.kumo.apiserver.schema.SchemaAdmission;
import dev.kumo.apiserver.schema.SchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What kube-apiserver does to an object on every write, in its order: strict decoding per {@code
 * fieldValidation}, pruning, defaulting, OpenAPI validation, metadata validation, then the CEL
 * rules (skipped after a type error, as kube-apiserver does).
 */
public final class Admission {
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** The {@code fieldValidation} query parameter. */
  public enum FieldValidation {
    STRICT,
    WARN,
    IGNORE;

    /** Parses the parameter; kube-apiserver's default is Warn. */
    public static FieldValidation parse(String value) {
      if (value == null || value.isEmpty()) {
        return WARN;
      }
      return switch (value) {
        case "Strict" -> STRICT;
        case "Warn" -> WARN;
        case "Ignore" -> IGNORE;
        default ->
            throw ApiException.badRequest(
                "fieldValidation parameter unsupported: "
                    + value
                    + ". Supported values are: Ignore, Warn, Strict");
      };
    }
  }

  private final CelValidator cel;

  public Admission(CelValidator cel) {
    this.cel = cel;
  }

  /**
   * Prunes, defaults and validates {@code object}; returns the object to store.
   *
   * @param old the stored object on update (transition rules see it), or null on create
   * @param warnings receives the unknown-field warnings under {@link FieldValidation#WARN}
   * @throws ApiException 400 for unknown fields under Strict, 422 for invalid values
   */
  public ObjectNode admit(
      ResourceType type,
      ObjectNode object,
      ObjectNode old,
      FieldValidation validation,
      List<String> warnings) {
    SchemaAdmission.Result admitted = SchemaAdmission.admit(type.schema(), object);
    if (!admitted.unknownFields().isEmpty()) {
      if (validation == FieldValidation.STRICT) {
        throw ApiException.badRequest(
            type.kind()
                + " in version \""
                + type.version()
                + "\" cannot be handled as a "
                + type.kind()
                + ": "
                + admitted.strictDecodingError().orElseThrow());
      }
      if (validation == FieldValidation.WARN) {
        admitted.unknownFields().forEach(f -> warnings.add(SchemaValidator.unknownFieldMessage(f)));
      }
    }
    ObjectNode result = admitted.object();
    List<ApiException.Cause> causes = new ArrayList<>();
    metadataErrors(result, type, causes);
    boolean blocking = false;
    for (FieldError error : admitted.errors()) {
      causes.add(new ApiException.Cause(error.type().reason(), error.field(), error.body()));
      blocking |= error.type() == FieldError.Type.TYPE_INVALID;
    }
    if (blocking) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "<nil>",
              "Invalid value: \"null\": some validation rules were not checked because the object"
                  + " was invalid; correct the existing errors to complete validation"));
    } else {
      JsonNode oldAdmitted =
          old == null ? null : SchemaAdmission.admit(type.schema(), old).object();
      for (dev.kumo.apiserver.cel.FieldError error :
          cel.validateObject(type.openApiV3Schema(), result, oldAdmitted)) {
        causes.add(new ApiException.Cause(error.type().reason(), error.field(), error.body()));
      }
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(
          type.kind(), type.group(), result.path("metadata").path("name").asText(""), causes);
    }
    return result;
  }

  private static void metadataErrors(
      JsonNode object, ResourceType type, List<ApiException.Cause> causes) {
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      if (metadata.path("generateName").asText("").isEmpty()) {
        causes.add(
            new ApiException.Cause(
                "FieldValueRequired",
                "metadata.name",
                "Required value: name or generateName is required"));
      }
    } else if (type.kind().equals("Namespace") && type.builtin()) {
      if (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
        causes.add(
            new ApiException.Cause(
                "FieldValueInvalid",
                "metadata.name",
                "Invalid value: \""
                    + name
                    + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric"
                    + " characters or '-', and must start and end with an alphanumeric character"
                    + " (e.g. 'my-name',  or '123-abc', regex used for validation is"
                    + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
      }
    } else if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "metadata.name",
              "Invalid value: \""
                  + name
                  + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric character"
                  + " (e.g. 'example.com', regex used for validation is"
                  + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }
    if (!type.namespaced() && !metadata.path("namespace").asText("").isEmpty()) {
      causes.add(
          new ApiException.Cause(
              "FieldValueForbidden", "metadata.namespace", "Forbidden: not allowed on this type"));
    }
    labelErrors(metadata.path("labels"), "metadata.labels", causes);
  }

  private static void labelErrors(JsonNode labels, String path, List<ApiException.Cause> causes) {
    if (!labels.isObject()) {
      return;
    }
    labels
        .fields()
        .forEachRemaining(
            e -> {
              String v = e.getValue().asText();
              if (v.length() > 63 || !v.matches("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")) {
                causes.add(
                    new ApiException.Cause(
                        "FieldValueInvalid",
                        path,
                        "Invalid value: \""
                            + v
                            + "\": a valid label must be an empty string or consist of alphanumeric"
                            + " characters, '-', '_' or '.', and must start and end with an"
                            + " alphanumeric character"));
              }
            });
  }
}
