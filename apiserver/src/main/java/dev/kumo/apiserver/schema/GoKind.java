package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Go type a JSON value has after kube-apiserver decodes it into unstructured content: integers
 * that fit int64 become int64, every other number float64.
 */
enum GoKind {
  NULL("null", ""),
  BOOL("boolean", ""),
  INT("integer", "int64"),
  FLOAT("number", "float64"),
  STRING("string", ""),
  SLICE("array", ""),
  MAP("object", "");

  /** The OpenAPI type name kube-openapi infers for a value of this kind. */
  final String openApiType;

  /** The OpenAPI format kube-openapi infers for a value of this kind. */
  final String openApiFormat;

  GoKind(String openApiType, String openApiFormat) {
    this.openApiType = openApiType;
    this.openApiFormat = openApiFormat;
  }

  static GoKind of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NULL;
    }
    if (node.isBoolean()) {
      return BOOL;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? INT : FLOAT;
    }
    if (node.isNumber()) {
      return FLOAT;
    }
    if (node.isArray()) {
      return SLICE;
    }
    if (node.isObject()) {
      return MAP;
    }
    return STRING;
  }
}
