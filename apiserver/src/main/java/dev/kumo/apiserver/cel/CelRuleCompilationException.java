package dev.kumo.apiserver.cel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when {@code x-kubernetes-validations} rules cannot be compiled: a CRD authoring bug. Each
 * problem is a {@link FieldError} on the schema, e.g. {@code
 * openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "self.cpus >
 * 0": compilation failed: ERROR: <input>:1:5: undefined field 'cpus'}.
 */
public final class CelRuleCompilationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> problems;

  CelRuleCompilationException(List<FieldError> problems) {
    super(
        "invalid x-kubernetes-validations:\n"
            + problems.stream().map(FieldError::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in schema order. */
  public List<FieldError> problems() {
    return problems;
  }
}
