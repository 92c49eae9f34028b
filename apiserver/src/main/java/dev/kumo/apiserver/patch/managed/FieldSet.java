package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths, as structured-merge-diff's {@code fieldpath.Set}: {@link #members} are the
 * paths of length one that belong to the set, {@link #children} the subsets below a path element
 * (appearing there does not make the element itself a member).
 *
 * <p>The set operations follow SMD exactly, including its quirks: {@link #difference} only removes
 * equal paths (a member does not remove the paths below it), {@link #recursiveDifference} does. The
 * {@code fieldsV1} encoding is SMD's, with {@code "."} marking a member that also has children;
 * {@code "."} comes first, as in the objects kube-apiserver serves for custom resources.
 */
public final class FieldSet {
  private final TreeSet<PathElement> members = new TreeSet<>();
  private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

  /** A new empty set. */
  public FieldSet() {}

  /** A set holding the given paths. */
  @SafeVarargs
  public static FieldSet of(List<PathElement>... paths) {
    FieldSet s = new FieldSet();
    for (List<PathElement> p : paths) {
      s.insert(p);
    }
    return s;
  }

  /** Adds a path (its parents are not added); the empty path is ignored, as in SMD. */
  public void insert(List<PathElement> path) {
    if (path.isEmpty()) {
      return;
    }
    FieldSet s = this;
    for (int i = 0; i < path.size() - 1; i++) {
      s = s.children.computeIfAbsent(path.get(i), pe -> new FieldSet());
    }
    s.members.add(path.get(path.size() - 1));
  }

  /** Whether the path is a member. */
  public boolean has(List<PathElement> path) {
    if (path.isEmpty()) {
      return false;
    }
    FieldSet s = this;
    for (int i = 0; i < path.size() - 1; i++) {
      s = s.children.get(path.get(i));
      if (s == null) {
        return false;
      }
    }
    return s.members.contains(path.get(path.size() - 1));
  }

  /** Whether no path is a member. */
  public boolean isEmpty() {
    if (!members.isEmpty()) {
      return false;
    }
    for (FieldSet c : children.values()) {
      if (!c.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The paths below {@code pe}, without the prefix (empty when none). */
  public FieldSet withPrefix(PathElement pe) {
    FieldSet s = children.get(pe);
    return s == null ? new FieldSet() : s;
  }

  /** The paths in this set or {@code other}. */
  public FieldSet union(FieldSet other) {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    out.members.addAll(other.members);
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet o = other.children.get(e.getKey());
      out.children.put(e.getKey(), o == null ? e.getValue() : e.getValue().union(o));
    }
    for (Map.Entry<PathElement, FieldSet> e : other.children.entrySet()) {
      out.children.putIfAbsent(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The paths in both sets. */
  public FieldSet intersection(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet o = other.children.get(e.getKey());
      if (o != null) {
        FieldSet res = e.getValue().intersection(o);
        if (!res.isEmpty()) {
          out.children.put(e.getKey(), res);
        }
      }
    }
    return out;
  }

  /** The paths of this set that are not paths of {@code other} (SMD's {@code Difference}). */
  public FieldSet difference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (!other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet o = other.children.get(e.getKey());
      if (o == null) {
        out.children.put(e.getKey(), e.getValue());
      } else {
        FieldSet diff = e.getValue().difference(o);
        if (!diff.isEmpty()) {
          out.children.put(e.getKey(), diff);
        }
      }
    }
    return out;
  }

  /** The paths of this set that neither are in {@code other} nor lie below one of its members. */
  public FieldSet recursiveDifference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (!other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      if (other.members.contains(e.getKey())) {
        continue;
      }
      FieldSet o = other.children.get(e.getKey());
      if (o == null) {
        out.children.put(e.getKey(), e.getValue());
      } else {
        FieldSet diff = e.getValue().recursiveDifference(o);
        if (!diff.isEmpty()) {
          out.children.put(e.getKey(), diff);
        }
      }
    }
    return out;
  }

  /** The members that have no paths below them. */
  public FieldSet leaves() {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (!children.containsKey(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      out.children.put(e.getKey(), e.getValue().leaves());
    }
    return out;
  }

  /**
   * SMD's {@code EnsureNamedFieldsAreMembers}: adds as members the struct fields (fields the schema
   * declares) that have paths below them.
   */
  FieldSet ensureNamedFieldsAreMembers(SmdType type) {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    SmdType.MapType map = type == null ? null : type.map();
    SmdType.ListType list = type == null ? null : type.list();
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      PathElement pe = e.getKey();
      SmdType childType = null;
      if (pe.isField() && map != null) {
        if (map.fields().containsKey(pe.fieldName())) {
          out.members.add(pe);
          childType = map.fields().get(pe.fieldName()).type();
        } else {
          childType = map.elementType();
        }
      } else if (pe.isKey() && list != null) {
        childType = list.elementType();
      }
      out.children.put(pe, e.getValue().ensureNamedFieldsAreMembers(childType));
    }
    return out;
  }

  /** Calls {@code f} with every member path, members before children, in path-element order. */
  public void forEachPath(Consumer<List<PathElement>> f) {
    forEachPath(new ArrayList<>(), f);
  }

  private void forEachPath(List<PathElement> prefix, Consumer<List<PathElement>> f) {
    for (PathElement m : members) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(m);
      f.accept(List.copyOf(p));
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      prefix.add(e.getKey());
      e.getValue().forEachPath(prefix, f);
      prefix.remove(prefix.size() - 1);
    }
  }

  /** All member paths in iteration order. */
  public List<List<PathElement>> paths() {
    List<List<PathElement>> out = new ArrayList<>();
    forEachPath(out::add);
    return out;
  }

  /** The {@code fieldsV1} object, as SMD's {@code Set.ToJSON} writes it. */
  public ObjectNode toFieldsV1() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    emit(out, false);
    return out;
  }

  private void emit(ObjectNode out, boolean includeSelf) {
    if (includeSelf) {
      out.putObject(".");
    }
    TreeSet<PathElement> all = new TreeSet<>(members);
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      if (!e.getValue().isEmpty()) {
        all.add(e.getKey());
      }
    }
    for (PathElement pe : all) {
      FieldSet child = children.get(pe);
      ObjectNode node = out.putObject(pe.serialize());
      if (child != null && !child.isEmpty()) {
        child.emit(node, members.contains(pe));
      }
    }
  }

  /**
   * Parses a {@code fieldsV1} object as SMD's {@code Set.FromJSON} does: unknown element prefixes
   * are dropped.
   *
   * @throws IllegalArgumentException when an element is malformed
   */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return new FieldSet();
    }
    if (!fields.isObject()) {
      throw new IllegalArgumentException("fieldsV1 must be a JSON object");
    }
    FieldSet out = read(fields);
    return out == null ? new FieldSet() : out;
  }

  /** The children of {@code node}, or null when it has none. */
  private static FieldSet read(JsonNode node) {
    FieldSet children = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        continue;
      }
      PathElement pe = PathElement.deserialize(e.getKey());
      if (pe == null) {
        continue;
      }
      JsonNode value = e.getValue();
      if (!value.isObject()) {
        throw new IllegalArgumentException("fieldsV1 entry " + e.getKey() + " must be an object");
      }
      FieldSet grandchildren = read(value);
      boolean isMember = grandchildren == null || value.has(".");
      if (children == null) {
        children = new FieldSet();
      }
      if (isMember) {
        children.members.add(pe);
      }
      if (grandchildren != null) {
        children.children.put(pe, grandchildren);
      }
    }
    return children;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && toFieldsV1().equals(s.toFieldsV1());
  }

  @Override
  public int hashCode() {
    return toFieldsV1().hashCode();
  }

  /** One path per line, as SMD's {@code Set.String}. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    forEachPath(p -> lines.add(pathString(p)));
    return String.join("\n", lines);
  }

  /** A path as SMD prints it, e.g. {@code .spec.nics[name="eth0"].ip}. */
  public static String pathString(List<PathElement> path) {
    StringBuilder b = new StringBuilder();
    path.forEach(b::append);
    return b.toString();
  }
}
