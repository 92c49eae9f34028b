package dev.kumo.apiserver.schema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A path from the object root to a field, built and printed like Kubernetes' {@code field.Path}:
 * {@code spec.nics[0].ip} for properties and list indexes, {@code spec.labels[team]} for map keys.
 *
 * <p>The {@link #root() root} stands for Kubernetes' nil path and prints as {@code <nil>}, which is
 * what kube-apiserver shows for errors about the whole object.
 */
public final class FieldPath {

  private static final FieldPath ROOT = new FieldPath(null, null, null);

  private final FieldPath parent;
  private final String name;
  private final String index;

  private FieldPath(FieldPath parent, String name, String index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** The empty path. */
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

  /** Whether this is the empty path. */
  public boolean isRoot() {
    return this == ROOT;
  }

  /** The path to a property of the object at this path. */
  public FieldPath child(String name) {
    return new FieldPath(this, Objects.requireNonNull(name, "name"), null);
  }

  /** The path to an item of the list at this path. */
  public FieldPath index(int index) {
    return new FieldPath(this, null, Integer.toString(index));
  }

  /** The path to an entry of the map at this path. */
  public FieldPath key(String key) {
    return new FieldPath(this, null, Objects.requireNonNull(key, "key"));
  }

  @Override
  public String toString() {
    if (isRoot()) {
      return "<nil>";
    }
    Deque<FieldPath> elements = new ArrayDeque<>();
    for (FieldPath p = this; !p.isRoot(); p = p.parent) {
      elements.push(p);
    }
    StringBuilder b = new StringBuilder();
    boolean first = true;
    for (FieldPath p : elements) {
      if (p.name != null) {
        if (!first) {
          b.append('.');
        }
        b.append(p.name);
      } else {
        b.append('[').append(p.index).append(']');
      }
      first = false;
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && other.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
