package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A field-level validation error, mirroring Kubernetes' {@code field.Error}; {@link #toString()}
 * prints it exactly as kube-apiserver and kubectl do, e.g. {@code spec.cpuNum: Invalid value: -1:
 * spec.cpuNum in body should be greater than or equal to 1}.
 *
 * @param type what kind of error
 * @param field the field path as Kubernetes renders it ({@code <nil>} for "no path")
 * @param badValue the offending value, as decoded JSON (a JSON null prints as {@code null})
 * @param detail the explanation, may be empty
 */
public record FieldError(Type type, String field, JsonNode badValue, String detail) {

  /** Canonical constructor. */
  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    badValue = badValue == null ? NullNode.getInstance() : badValue.deepCopy();
    detail = detail == null ? "" : detail;
  }

  /** {@code field.Required}: {@code spec.imageRef: Required value}. */
  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, TextNode.valueOf(""), detail);
  }

  /** {@code field.Invalid}. */
  public static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  /** {@code field.TypeInvalid}: printed like Invalid. */
  public static FieldError typeInvalid(String field, JsonNode value, String detail) {
    return new FieldError(Type.TYPE_INVALID, field, value, detail);
  }

  /** {@code field.NotSupported}: lists the supported values, each quoted. */
  public static FieldError notSupported(String field, JsonNode value, List<String> validValues) {
    String detail =
        validValues.isEmpty()
            ? ""
            : validValues.stream()
                .map(GoFormat::quote)
                .collect(Collectors.joining(", ", "supported values: ", ""));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  /** {@code field.TooLong}: the value is never printed; a negative maximum is left out. */
  public static FieldError tooLong(String field, long maxLength) {
    String detail =
        maxLength >= 0
            ? "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes")
            : "value is too long";
    return new FieldError(Type.TOO_LONG, field, TextNode.valueOf("<value omitted>"), detail);
  }

  /** {@code field.TooMany}: {@code Too many: 5: must have at most 4 items}. */
  public static FieldError tooMany(String field, long actual, long max) {
    String detail =
        max >= 0
            ? "must have at most " + max + (max == 1 ? " item" : " items")
            : "has too many items";
    return new FieldError(Type.TOO_MANY, field, LongNode.valueOf(actual), detail);
  }

  /** {@code field.Duplicate}. */
  public static FieldError duplicate(String field, JsonNode value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  /** {@code field.Forbidden}. */
  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, TextNode.valueOf(""), detail);
  }

  @Override
  public JsonNode badValue() {
    return badValue.deepCopy();
  }

  /** The message without the field, like {@code field.Error.ErrorBody()}. */
  public String body() {
    StringBuilder s = new StringBuilder(type.text);
    if (type.printsValue) {
      s.append(": ").append(GoFormat.value(badValue));
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /** {@code field.ErrorType}: the machine-readable reason and how it prints. */
  public enum Type {
    /** A required value is missing. */
    REQUIRED("FieldValueRequired", "Required value", false),
    /** A malformed value. */
    INVALID("FieldValueInvalid", "Invalid value", true),
    /** A value outside an enumeration. */
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
    /** A string that is too long; its value is not printed. */
    TOO_LONG("FieldValueTooLong", "Too long", false),
    /** A list or map with too many entries. */
    TOO_MANY("FieldValueTooMany", "Too many", true),
    /** A repeated value where values must be unique. */
    DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
    /** A value not permitted under the current conditions. */
    FORBIDDEN("FieldValueForbidden", "Forbidden", false),
    /** A value of the wrong JSON type. */
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true),
    /** An error in the server rather than in the value; its value is not printed. */
    INTERNAL("InternalError", "Internal error", false);

    private final String reason;
    private final String text;
    private final boolean printsValue;

    Type(String reason, String text, boolean printsValue) {
      this.reason = reason;
      this.text = text;
      this.printsValue = printsValue;
    }

    /** The cause type in a Status, e.g. {@code FieldValueRequired}. */
    public String reason() {
      return reason;
    }

    /** The words printed before the value, e.g. {@code Required value}. */
    public String text() {
      return text;
    }

    /** Whether the bad value is printed after {@link #text()}, as in {@code field.Error}. */
    public boolean printsValue() {
      return printsValue;
    }
  }
}
