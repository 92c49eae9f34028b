package dev.kumo.apiserver.cel;

/** The kind of a {@link FieldError}, rendered with the same words as Kubernetes' field errors. */
public enum FieldErrorType {
  INVALID("Invalid value"),
  REQUIRED("Required value"),
  FORBIDDEN("Forbidden"),
  DUPLICATE("Duplicate value"),
  NOT_SUPPORTED("Unsupported value"),
  INTERNAL("Internal error");

  private final String text;

  FieldErrorType(String text) {
    this.text = text;
  }

  /** The words Kubernetes uses for this error type, e.g. {@code "Invalid value"}. */
  public String text() {
    return text;
  }
}
