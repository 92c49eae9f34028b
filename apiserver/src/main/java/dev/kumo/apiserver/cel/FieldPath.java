package dev.kumo.apiserver.cel;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to a field in an object, rendered like Kubernetes' {@code field.Path}: {@code
 * spec.ipRanges[0].startIp}, map keys as {@code [key]}, and the root of the object as {@code
 * <nil>}.
 */
public final class FieldPath {
  private static final FieldPath ROOT = new FieldPath(List.of());

  private final List<String> segments;

  private FieldPath(List<String> segments) {
    this.segments = segments;
  }

  /**
   * The root of the object; errors reported on it render as {@code <nil>}, as in kube-apiserver.
   */
  public static FieldPath root() {
    return ROOT;
  }

  /**
   * A path whose rendering starts with {@code prefix} (taken verbatim, e.g. {@code
   * "spec.ipRanges[0]"}); {@code null} or empty means the root.
   */
  public static FieldPath of(String prefix) {
    return prefix == null || prefix.isEmpty() ? ROOT : ROOT.child(prefix);
  }

  /** This path followed by the field {@code name}. */
  public FieldPath child(String name) {
    return append(segments.isEmpty() ? name : "." + name);
  }

  /** This path followed by the list index {@code index}. */
  public FieldPath index(int index) {
    return append("[" + index + "]");
  }

  /** This path followed by the map key {@code key}. */
  public FieldPath key(String key) {
    return append("[" + key + "]");
  }

  /** Whether this is the root of the object. */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  private FieldPath append(String segment) {
    List<String> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(segment);
    return new FieldPath(List.copyOf(longer));
  }

  @Override
  public String toString() {
    return segments.isEmpty() ? "<nil>" : String.join("", segments);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldPath that && segments.equals(that.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }
}
