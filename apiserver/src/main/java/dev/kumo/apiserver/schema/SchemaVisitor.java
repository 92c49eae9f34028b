package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Called by {@link SchemaWalker} for every value of an object that its schema declares, with the
 * schema node that governs it; this is where CEL rules ({@link StructuralSchema#validationRules()})
 * are evaluated.
 */
@FunctionalInterface
public interface SchemaVisitor {

  /**
   * Visits one value.
   *
   * @param path where the value is; the root prints as {@code <nil>}, like kube-apiserver's errors
   *     about the whole object
   * @param schema the schema of the value
   * @param value the value, possibly a JSON null
   */
  void visit(FieldPath path, StructuralSchema schema, JsonNode value);
}
