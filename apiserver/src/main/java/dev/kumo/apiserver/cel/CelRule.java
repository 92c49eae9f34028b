package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a schema node's {@code x-kubernetes-validations} list.
 *
 * @param rule the CEL expression that must evaluate to {@code true}
 * @param message the error detail when the rule fails; {@code null} when not set
 * @param messageExpression a CEL expression producing the error detail; {@code null} when not set
 * @param reason {@code FieldValueInvalid} (the default), {@code FieldValueForbidden}, {@code
 *     FieldValueRequired} or {@code FieldValueDuplicate}; {@code null} when not set
 * @param fieldPath a relative JSON path such as {@code .spec.startIp} where the error is reported;
 *     {@code null} when not set
 * @param optionalOldSelf whether a transition rule also runs on create, with {@code oldSelf} as an
 *     optional value
 */
public record CelRule(
    String rule,
    String message,
    String messageExpression,
    String reason,
    String fieldPath,
    boolean optionalOldSelf) {

  /** Extension key holding the rules of a schema node. */
  public static final String EXTENSION = "x-kubernetes-validations";

  /** A rule with only its expression and message. */
  public static CelRule of(String rule, String message) {
    return new CelRule(rule, message, null, null, null, false);
  }

  /** The rules declared on {@code schemaNode}; empty when it has none. */
  public static List<CelRule> fromSchema(JsonNode schemaNode) {
    if (schemaNode == null) {
      return List.of();
    }
    return fromValidations(schemaNode.get(EXTENSION));
  }

  /** The rules of an {@code x-kubernetes-validations} array; empty for {@code null}. */
  public static List<CelRule> fromValidations(JsonNode validations) {
    if (validations == null || validations.isNull() || validations.isMissingNode()) {
      return List.of();
    }
    if (!validations.isArray()) {
      throw new IllegalArgumentException(EXTENSION + " must be a list, got " + validations);
    }
    List<CelRule> rules = new ArrayList<>();
    for (JsonNode entry : validations) {
      rules.add(
          new CelRule(
              text(entry, "rule"),
              text(entry, "message"),
              text(entry, "messageExpression"),
              text(entry, "reason"),
              text(entry, "fieldPath"),
              entry.path("optionalOldSelf").asBoolean(false)));
    }
    return List.copyOf(rules);
  }

  private static String text(JsonNode entry, String key) {
    JsonNode value = entry.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The rule's message, or {@code failed rule: <rule>} when it has none (as Kubernetes). */
  String messageOrDefault() {
    return hasMessage() ? message.strip() : "failed rule: " + errorString();
  }

  /** How Kubernetes names the rule in evaluation errors: its message, else its expression. */
  String errorString() {
    return hasMessage() ? message.strip() : rule == null ? "" : rule.strip();
  }

  private boolean hasMessage() {
    return message != null && !message.isEmpty();
  }
}
