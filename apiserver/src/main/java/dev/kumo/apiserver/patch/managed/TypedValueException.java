package dev.kumo.apiserver.patch.managed;

import java.util.List;

/**
 * A value that does not conform to its structured-merge-diff type, with SMD's message: {@code
 * .spec.foo: field not declared in schema}, or {@code errors:} and one indented line per error.
 */
public class TypedValueException extends RuntimeException {
  private final List<String> errors;

  TypedValueException(List<String> errors) {
    super(errors.size() == 1 ? errors.get(0) : "errors:\n  " + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  /** The individual errors, each {@code <path>: <message>}. */
  public List<String> errors() {
    return errors;
  }
}
