package dev.kumo.apiserver.table;

/** What each Table row's {@code object} carries ({@code ?includeObject=}). */
public enum IncludeObject {
  /** No object: {@code "object":null}. */
  NONE("None"),
  /** A {@code PartialObjectMetadata} with the object's metadata (the default). */
  METADATA("Metadata"),
  /** The whole object. */
  OBJECT("Object");

  private final String value;

  IncludeObject(String value) {
    this.value = value;
  }

  /**
   * The option for a query parameter value: {@link #METADATA} when absent or empty.
   *
   * @throws IllegalArgumentException with kube-apiserver's BadRequest message for unknown values
   */
  public static IncludeObject parse(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return METADATA;
    }
    for (IncludeObject option : values()) {
      if (option.value.equals(parameter)) {
        return option;
      }
    }
    throw new IllegalArgumentException("unrecognized includeObject value: \"" + parameter + "\"");
  }
}
