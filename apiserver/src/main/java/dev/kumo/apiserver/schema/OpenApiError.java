package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An error as kube-openapi reports it (its {@code errors.Validation}, or a plain error for the
 * composition keywords), before apiextensions-apiserver turns it into a {@link FieldError}.
 *
 * @param code which check failed
 * @param name the kube-openapi path, e.g. {@code spec.nics[0].ip} or {@code .spec} at the root
 * @param value the value kube-openapi attached, or null for Go's nil
 * @param limit the limit kube-openapi attached as {@code Valid}, or -1
 * @param enumValues the enum members of an enum failure
 * @param message kube-openapi's message, which is also its identity for de-duplication
 */
record OpenApiError(
    Code code, String name, JsonNode value, long limit, List<JsonNode> enumValues, String message) {

  /** kube-openapi's error codes, plus COMPOSITE for errors that are no {@code Validation}. */
  enum Code {
    INVALID_TYPE,
    REQUIRED,
    TOO_LONG,
    TOO_SHORT,
    PATTERN,
    ENUM,
    MULTIPLE_OF,
    MAX,
    MIN,
    UNIQUE,
    MAX_ITEMS,
    MIN_ITEMS,
    TOO_FEW_PROPERTIES,
    TOO_MANY_PROPERTIES,
    UNALLOWED_PROPERTY,
    MULTIPLE_OF_MUST_BE_POSITIVE,
    COMPOSITE
  }

  static OpenApiError of(Code code, String name, JsonNode value, String message) {
    return new OpenApiError(code, name, value, -1, List.of(), message);
  }

  /** apiextensions-apiserver's kubeOpenAPIResultToFieldErrors, for a nil field path. */
  FieldError toFieldError() {
    if (code == Code.COMPOSITE) {
      return FieldError.invalid("<nil>", TextNode.valueOf(""), message);
    }
    String field =
        name.isEmpty() || name.equals(".")
            ? "<nil>"
            : name.startsWith(".") ? name.substring(1) : name;
    JsonNode valueOrEmpty = value == null ? TextNode.valueOf("") : value;
    return switch (code) {
      case REQUIRED -> FieldError.required(field, "");
      case ENUM -> {
        List<String> values = new ArrayList<>();
        for (JsonNode member : enumValues) {
          values.add(member.isTextual() ? member.textValue() : GoFormat.json(member));
        }
        yield FieldError.notSupported(
            field, value == null ? NullNode.getInstance() : value, values);
      }
      case TOO_LONG -> FieldError.tooLong(field, limit);
      case MAX_ITEMS, TOO_MANY_PROPERTIES ->
          FieldError.tooMany(field, value == null ? -1 : value.longValue(), limit);
      case INVALID_TYPE -> FieldError.typeInvalid(field, valueOrEmpty, message);
      default -> FieldError.invalid(field, valueOrEmpty, message);
    };
  }
}
