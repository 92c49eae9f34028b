package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.schema.StructuralSchema;

/**
 * One served version of a kind defined by a CustomResourceDefinition, with its schema parsed once.
 *
 * @param group API group, e.g. compute.kumo.dev
 * @param version version name, e.g. v1alpha1
 * @param kind kind, e.g. VmInstance
 * @param plural plural resource name, e.g. vminstances
 * @param namespaced whether objects live in namespaces
 * @param openApiV3Schema the version's openAPIV3Schema as written in the CRD
 * @param schema the same schema, parsed for validation, defaulting and pruning
 */
public record ServedKind(
    String group,
    String version,
    String kind,
    String plural,
    boolean namespaced,
    JsonNode openApiV3Schema,
    StructuralSchema schema) {

  /** The apiVersion objects of this kind carry, e.g. compute.kumo.dev/v1alpha1. */
  public String apiVersion() {
    return group + "/" + version;
  }
}
