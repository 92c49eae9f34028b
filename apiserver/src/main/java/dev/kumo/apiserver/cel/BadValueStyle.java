package dev.kumo.apiserver.cel;

/**
 * What a failed rule's error shows as the bad value; kube-apiserver changed this in 1.35
 * (kubernetes/kubernetes#132798 and #133832).
 */
public enum BadValueStyle {
  /**
   * The schema type in quotes, {@code Invalid value: "object": ...}, as kube-apiserver 1.24 to 1.34
   * renders every rule failure.
   */
  SCHEMA_TYPE,

  /**
   * The value itself for strings, numbers and booleans ({@code Invalid value: "10.0.0.300": ...})
   * and no value for objects and arrays ({@code Invalid value: ...}), as kube-apiserver 1.35 and
   * later render rule failures. Evaluation errors still show the schema type.
   */
  SCALAR_VALUE
}
