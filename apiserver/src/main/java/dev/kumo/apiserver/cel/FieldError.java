package dev.kumo.apiserver.cel;

import dev.kumo.apiserver.schema.FieldError.Type;
import dev.kumo.apiserver.schema.FieldPath;
import java.util.Objects;

/**
 * One validation error on one field, shaped and rendered like Kubernetes' {@code field.Error}, e.g.
 * {@code spec.ipRanges[0]: Invalid value: "object": startIp must not be greater than endIp}.
 *
 * @param type what kind of error this is
 * @param field where the error is, e.g. {@code spec.ipRanges[0]}; {@code <nil>} for the root
 * @param badValue the value shown after the type: a {@link String}, {@link Long}, {@link Double},
 *     {@link Boolean}, {@code null}, or {@link #OMITTED} when no value is shown
 * @param detail the human-readable explanation; empty when there is none
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** Marker for {@link #badValue} meaning the error shows no value at all. */
  public static final Object OMITTED =
      new Object() {
        @Override
        public String toString() {
          return "<omitted>";
        }
      };

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    detail = detail == null ? "" : detail;
  }

  /** An {@link Type#INVALID} error showing {@code badValue}. */
  public static FieldError invalid(FieldPath path, Object badValue, String detail) {
    return new FieldError(Type.INVALID, path.toString(), badValue, detail);
  }

  /** A {@link Type#REQUIRED} error; like Kubernetes it shows no value. */
  public static FieldError required(FieldPath path, String detail) {
    return new FieldError(Type.REQUIRED, path.toString(), OMITTED, detail);
  }

  /** A {@link Type#FORBIDDEN} error; like Kubernetes it shows no value. */
  public static FieldError forbidden(FieldPath path, String detail) {
    return new FieldError(Type.FORBIDDEN, path.toString(), OMITTED, detail);
  }

  /** A {@link Type#DUPLICATE} error; like Kubernetes it shows the value and no detail. */
  public static FieldError duplicate(FieldPath path, Object badValue) {
    return new FieldError(Type.DUPLICATE, path.toString(), badValue, "");
  }

  /** The text after the field path, e.g. {@code Invalid value: "object": must be set}. */
  public String body() {
    StringBuilder text = new StringBuilder(type.text());
    boolean showsValue = badValue != OMITTED && type.printsValue();
    if (showsValue) {
      text.append(": ").append(GoFormat.value(badValue));
    }
    if (!detail.isEmpty()) {
      text.append(": ").append(detail);
    }
    return text.toString();
  }

  /** The whole error as kube-apiserver renders it: {@code <field>: <body>}. */
  @Override
  public String toString() {
    return field + ": " + body();
  }
}
