package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.kumo.apiserver.schema.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled {@code x-kubernetes-validations} rules of one schema node, evaluated as
 * kube-apiserver evaluates them. Immutable and safe to share between threads.
 */
public final class CompiledRules {
  private static final int MAX_MESSAGE_BYTES = 5 * 1024;

  private final List<CompiledRule> rules;
  private final SchemaView schema;
  private final boolean resourceRoot;
  private final BadValueStyle badValueStyle;

  CompiledRules(
      List<CompiledRule> rules,
      SchemaView schema,
      boolean resourceRoot,
      BadValueStyle badValueStyle) {
    this.rules = List.copyOf(rules);
    this.schema = schema;
    this.resourceRoot = resourceRoot;
    this.badValueStyle = badValueStyle;
  }

  /** The rules, in declaration order. */
  public List<CelRule> rules() {
    return rules.stream().map(CompiledRule::rule).toList();
  }

  /** Whether the node has no rules. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Evaluates the rules against a value of this node (not descending into its children).
   *
   * @param value the value; nothing is checked when it is null or JSON null
   * @param oldValue the value before the update, or {@code null} on create; transition rules run
   *     only when it is present, unless they set {@code optionalOldSelf}
   * @param fieldPath where the value is, e.g. {@code spec.ipRanges[0]}; {@code null} or empty for
   *     the root of the object
   * @return the failures, empty when every rule holds
   */
  public List<FieldError> validate(JsonNode value, JsonNode oldValue, String fieldPath) {
    List<FieldError> errors = new ArrayList<>();
    evaluate(FieldPath.of(fieldPath), value, oldValue, errors);
    return errors;
  }

  void evaluate(FieldPath path, JsonNode value, JsonNode oldValue, List<FieldError> errors) {
    // A value of the wrong type is a structural error, reported by schema validation; like
    // kube-apiserver, rules do not run on it.
    if (rules.isEmpty() || isAbsent(value) || !schema.accepts(value)) {
      return;
    }
    JsonNode old = isAbsent(oldValue) ? null : oldValue;
    Object self = SchemaCelValues.toCel(value, schema, resourceRoot);
    Object oldSelf = old == null ? null : SchemaCelValues.toCel(old, schema, resourceRoot);
    for (CompiledRule compiled : rules) {
      CelRule rule = compiled.rule();
      if (compiled.usesOldSelf() && old == null && !rule.optionalOldSelf()) {
        continue;
      }
      Map<String, Object> variables = new HashMap<>();
      variables.put(KubernetesCelEnvironment.SELF, self);
      if (rule.optionalOldSelf()) {
        variables.put(KubernetesCelEnvironment.OLD_SELF, Optional.ofNullable(oldSelf));
      } else if (oldSelf != null) {
        variables.put(KubernetesCelEnvironment.OLD_SELF, oldSelf);
      }
      Object result;
      try {
        result = compiled.program().eval(variables);
      } catch (CelEvaluationException e) {
        errors.add(evaluationError(path, rule, e));
        continue;
      }
      if (!Boolean.TRUE.equals(result)) {
        errors.add(failure(path, value, compiled, variables));
      }
    }
  }

  private FieldError evaluationError(FieldPath path, CelRule rule, CelEvaluationException e) {
    String detail =
        EvaluationErrors.isNoSuchOverload(e)
            ? "'no such overload': call arguments did not match a supported operator, function or"
                + " macro signature for rule: "
                + rule.errorString()
            : EvaluationErrors.describe(e) + " evaluating rule: " + rule.errorString();
    return FieldError.invalid(path, schema.type(), detail);
  }

  private FieldError failure(
      FieldPath path, JsonNode value, CompiledRule compiled, Map<String, Object> variables) {
    CelRule rule = compiled.rule();
    FieldPath errorPath =
        compiled.errorFieldPath() == null ? path : path.child(compiled.errorFieldPath());
    String detail = message(compiled, variables).orElseGet(rule::messageOrDefault);
    Object badValue = badValue(value);
    String reason = rule.reason() == null ? "FieldValueInvalid" : rule.reason();
    return switch (reason) {
      case "FieldValueForbidden" -> FieldError.forbidden(errorPath, detail);
      case "FieldValueRequired" -> FieldError.required(errorPath, detail);
      case "FieldValueDuplicate" -> FieldError.duplicate(errorPath, badValue);
      default -> FieldError.invalid(errorPath, badValue, detail);
    };
  }

  /**
   * The evaluated {@code messageExpression}; empty when there is none or, as in Kubernetes, when it
   * fails, is not a string, is blank, spans lines or is too long.
   */
  private static Optional<String> message(CompiledRule compiled, Map<String, Object> variables) {
    if (compiled.messageProgram() == null) {
      return Optional.empty();
    }
    Object message;
    try {
      message = compiled.messageProgram().eval(variables);
    } catch (CelEvaluationException e) {
      return Optional.empty();
    }
    if (!(message instanceof String text)) {
      return Optional.empty();
    }
    String trimmed = text.strip();
    boolean usable =
        !trimmed.isEmpty()
            && trimmed.indexOf('\n') < 0
            && trimmed.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES;
    return usable ? Optional.of(trimmed) : Optional.empty();
  }

  private Object badValue(JsonNode value) {
    if (badValueStyle == BadValueStyle.SCHEMA_TYPE) {
      return schema.type();
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return FieldError.OMITTED;
  }

  private static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }
}
