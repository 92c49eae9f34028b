package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What kube-apiserver does to a custom resource on a write, in its order: prune unknown fields,
 * drop non-nullable nulls that have no default, apply defaults, validate.
 */
public final class SchemaAdmission {

  private SchemaAdmission() {}

  /** Runs the pipeline on a copy of {@code object}; the input is not modified. */
  public static Result admit(StructuralSchema schema, ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    List<String> unknownFields = SchemaPruner.prune(schema, copy);
    SchemaPruner.pruneNonNullableNullsWithoutDefaults(schema, copy);
    SchemaDefaulter.applyDefaults(schema, copy);
    return new Result(copy, unknownFields, SchemaValidator.validate(schema, copy));
  }

  /**
   * The outcome of {@link #admit}.
   *
   * @param object the pruned and defaulted object, as it would be stored
   * @param unknownFields the paths pruning removed
   * @param errors the validation errors of the pruned and defaulted object
   */
  public record Result(ObjectNode object, List<String> unknownFields, List<FieldError> errors) {

    /** Canonical constructor: defensive copies. */
    public Result {
      object = object.deepCopy();
      unknownFields = List.copyOf(unknownFields);
      errors = List.copyOf(errors);
    }

    @Override
    public ObjectNode object() {
      return object.deepCopy();
    }

    /**
     * The error a {@code fieldValidation=Strict} request fails with before any validation, e.g.
     * {@code strict decoding error: unknown field "spec.foo", unknown field "spec.bar"}; empty when
     * no field was unknown.
     */
    public Optional<String> strictDecodingError() {
      if (unknownFields.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          unknownFields.stream()
              .map(SchemaValidator::unknownFieldMessage)
              .collect(Collectors.joining(", ", "strict decoding error: ", "")));
    }
  }
}
