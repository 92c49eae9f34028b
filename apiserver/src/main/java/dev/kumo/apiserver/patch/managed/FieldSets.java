package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.schema.StructuralSchema;

/** Field sets of whole objects of a custom resource type. */
public final class FieldSets {

  private FieldSets() {}

  /**
   * The fields {@code obj} sets, as structured-merge-diff's {@code ToFieldSet} computes them for an
   * applied configuration: leaves, map-list and set items, atomic lists and maps as a whole,
   * entries of granular maps; struct fields are not members themselves. {@code metadata} follows
   * kube's {@code ObjectMeta}. Nothing is stripped (apiVersion, kind and metadata.name are
   * included).
   *
   * @throws TypedValueException when {@code obj} does not fit the schema (SMD's message)
   */
  public static FieldSet fromObject(JsonNode obj, StructuralSchema schema) {
    SmdType type = SchemaTypes.forResource(schema);
    TypedValues.validate(obj, type, false);
    return TypedValues.toFieldSet(obj, type);
  }
}
