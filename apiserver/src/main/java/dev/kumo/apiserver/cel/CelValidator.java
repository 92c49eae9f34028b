package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks values against {@code x-kubernetes-validations} rules as kube-apiserver does, compiling
 * each schema node's rules once and keeping them for as long as this validator lives (keyed by the
 * identity of the schema's {@link JsonNode}, so keep schemas and the validator together). Safe to
 * share between threads.
 */
public final class CelValidator {
  private final CelRuleCompiler compiler;
  private final Map<Identity, CompiledRules> nodes = new ConcurrentHashMap<>();
  private final Map<Identity, CompiledSchema> schemas = new ConcurrentHashMap<>();

  /** A validator rendering failures as kube-apiserver 1.24–1.34 does. */
  public CelValidator() {
    this(BadValueStyle.SCHEMA_TYPE);
  }

  /** A validator rendering the bad value of failures in the given style. */
  public CelValidator(BadValueStyle badValueStyle) {
    this.compiler = new CelRuleCompiler(badValueStyle);
  }

  /**
   * Evaluates the rules declared directly on {@code schemaNode} against {@code value}, not
   * descending into its children.
   *
   * @param oldValue the value before the update, or {@code null} on create
   * @param fieldPath where the value is, e.g. {@code spec.ipRanges[0]}; {@code null} or empty for
   *     the root of the object
   * @throws CelRuleCompilationException when a rule of the node does not compile
   */
  public List<FieldError> validate(
      JsonNode schemaNode, JsonNode value, JsonNode oldValue, String fieldPath) {
    return nodes
        .computeIfAbsent(new Identity(schemaNode), key -> compiler.compile(schemaNode))
        .validate(value, oldValue, fieldPath);
  }

  /**
   * Evaluates every rule of a CRD's {@code openAPIV3Schema} against a whole custom resource.
   *
   * @param oldObject the resource before the update, or {@code null} on create
   * @throws CelRuleCompilationException when a rule of the schema does not compile
   */
  public List<FieldError> validateObject(
      JsonNode openApiV3Schema, JsonNode object, JsonNode oldObject) {
    return compiledSchema(openApiV3Schema).validate(object, oldObject);
  }

  /**
   * Compiles every rule of a CRD's {@code openAPIV3Schema}, as kube-apiserver does when the CRD is
   * created.
   *
   * @throws CelRuleCompilationException listing every rule that does not compile
   */
  public CompiledSchema compiledSchema(JsonNode openApiV3Schema) {
    return schemas.computeIfAbsent(
        new Identity(openApiV3Schema), key -> compiler.compileSchema(openApiV3Schema));
  }

  private record Identity(JsonNode node) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.node == node;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(node);
    }
  }
}
