package dev.kumo.apiserver.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * kube-openapi's {@code validate.Result}: errors without repeats, and a match count that decides
 * whose errors an unmatched {@code anyOf}/{@code oneOf} reports.
 */
final class ValidationResult {

  private final List<OpenApiError> errors = new ArrayList<>();
  private int matchCount;

  static ValidationResult failure(OpenApiError error) {
    ValidationResult r = new ValidationResult();
    r.add(error);
    return r;
  }

  void add(OpenApiError error) {
    for (OpenApiError reported : errors) {
      if (reported.message().equals(error.message())) {
        return;
      }
    }
    errors.add(error);
  }

  ValidationResult merge(ValidationResult other) {
    if (other != null) {
      other.errors.forEach(this::add);
      matchCount += other.matchCount;
    }
    return this;
  }

  void inc() {
    matchCount++;
  }

  int matchCount() {
    return matchCount;
  }

  boolean isValid() {
    return errors.isEmpty();
  }

  List<OpenApiError> errors() {
    return errors;
  }
}
