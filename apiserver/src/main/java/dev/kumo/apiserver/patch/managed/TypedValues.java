package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The walkers of structured-merge-diff's {@code typed} package over Jackson trees: validation,
 * {@code ToFieldSet}, {@code Merge}, {@code Compare} and {@code RemoveItems}.
 *
 * <p>A Java {@code null} is an absent value; {@link NullNode} is an explicit JSON null, which SMD
 * also distinguishes.
 */
final class TypedValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TypedValues() {}

  /**
   * Checks {@code value} against {@code type} as SMD's {@code AsTyped} does: undeclared fields,
   * list items without their keys, duplicate keys (unless allowed).
   *
   * @throws TypedValueException with SMD's message
   */
  static void validate(JsonNode value, SmdType type, boolean allowDuplicates) {
    List<String> errors = new ArrayList<>();
    validate(value, type, "", allowDuplicates, errors);
    if (!errors.isEmpty()) {
      throw new TypedValueException(errors);
    }
  }

  private static void validate(
      JsonNode v, SmdType t, String path, boolean allowDuplicates, List<String> errors) {
    SmdType a = t.deduce(v);
    if (a.map() != null) {
      if (v == null || v.isNull()) {
        return;
      }
      if (!v.isObject()) {
        errors.add(at(path, "expected map, got " + GoValues.toJson(v)));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String childPath = path + PathElement.field(e.getKey());
        SmdType ft = a.fieldType(e.getKey());
        if (ft == null) {
          errors.add(at(childPath, "field not declared in schema"));
          return;
        }
        validate(e.getValue(), ft, childPath, allowDuplicates, errors);
      }
    } else if (a.list() != null && !a.scalar()) {
      if (v == null || v.isNull()) {
        return;
      }
      if (!v.isArray()) {
        errors.add(at(path, "expected list, got " + GoValues.toJson(v)));
        return;
      }
      TreeMap<PathElement, Boolean> seen = new TreeMap<>();
      for (int i = 0; i < v.size(); i++) {
        PathElement pe;
        if (a.list().atomic()) {
          pe = PathElement.index(i);
        } else {
          try {
            pe = listItemToPathElement(a.list(), i, v.get(i));
          } catch (IllegalArgumentException e) {
            errors.add(at(path, "element " + i + ": " + e.getMessage()));
            return;
          }
          if (seen.put(pe, true) != null && !allowDuplicates) {
            errors.add(at(path, "duplicate entries for key " + pe));
          }
        }
        validate(v.get(i), a.list().elementType(), path + pe, allowDuplicates, errors);
      }
    }
  }

  private static String at(String path, String message) {
    return path.isEmpty() ? message : path + ": " + message;
  }

  /**
   * SMD's {@code listItemToPathElement}: the key of a map-list item (missing key fields take their
   * schema default), the value of a set item, or the index in an atomic list.
   *
   * @throws IllegalArgumentException with SMD's message when the item cannot be identified
   */
  static PathElement listItemToPathElement(SmdType.ListType list, int index, JsonNode child) {
    if (list.atomic()) {
      return PathElement.index(index);
    }
    if (!list.keys().isEmpty()) {
      if (child.isNull()) {
        throw new IllegalArgumentException(
            "associative list with keys may not have a null element");
      }
      if (!child.isObject()) {
        throw new IllegalArgumentException(
            "associative list with keys may not have non-map elements");
      }
      List<PathElement.KeyField> fields = new ArrayList<>();
      for (String name : list.keys()) {
        JsonNode value = child.get(name);
        if (value == null) {
          SmdType.MapType itemMap = list.elementType().map();
          if (itemMap == null) {
            throw new IllegalArgumentException(
                "couldn't find default value for "
                    + name
                    + ": associative list may not have non-map types");
          }
          SmdType.Field f = itemMap.fields().get(name);
          value = f == null ? null : f.defaultValue();
        }
        if (value == null) {
          throw new IllegalArgumentException(
              "associative list with keys has an element that omits key field "
                  + GoValues.goQuote(name)
                  + " (and doesn't have default value)");
        }
        fields.add(new PathElement.KeyField(name, value));
      }
      return PathElement.key(fields);
    }
    if (child.isObject()) {
      throw new IllegalArgumentException(
          "associative list without keys has an element that's a map type");
    } else if (child.isArray()) {
      throw new IllegalArgumentException("not supported: associative list with lists as elements");
    } else if (child.isNull()) {
      throw new IllegalArgumentException(
          "associative list without keys has an element that's an explicit null");
    }
    return PathElement.value(child);
  }

  /** SMD's {@code ToFieldSet}: the fields a (validated) value sets. */
  static FieldSet toFieldSet(JsonNode value, SmdType type) {
    FieldSet set = new FieldSet();
    toFieldSet(value, type, new ArrayList<>(), set);
    return set;
  }

  private static void toFieldSet(JsonNode v, SmdType t, List<PathElement> path, FieldSet set) {
    SmdType a = t.deduce(v);
    if (a.map() != null) {
      if (a.map().atomic()) {
        set.insert(path);
        return;
      }
      if (v == null || !v.isObject()) {
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SmdType ft = a.fieldType(e.getKey());
        path.add(PathElement.field(e.getKey()));
        toFieldSet(e.getValue(), ft == null ? SmdType.DEDUCED : ft, path, set);
        if (!a.map().fields().containsKey(e.getKey())) {
          set.insert(path);
        }
        path.remove(path.size() - 1);
      }
    } else if (a.scalar()) {
      set.insert(path);
    } else if (a.list() != null) {
      if (a.list().atomic()) {
        set.insert(path);
        return;
      }
      if (v == null || !v.isArray()) {
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        PathElement pe;
        try {
          pe = listItemToPathElement(a.list(), i, v.get(i));
        } catch (IllegalArgumentException e) {
          continue;
        }
        path.add(pe);
        toFieldSet(v.get(i), a.list().elementType(), path, set);
        set.insert(path);
        path.remove(path.size() - 1);
      }
    }
  }

  /**
   * SMD's {@code Merge} with its keep-the-right-hand-side rule: every field of {@code rhs} wins;
   * associative lists merge item by item, keeping the order of {@code rhs} for shared items.
   *
   * @return the merged value, or null when neither side has one
   */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, SmdType t) {
    SmdType a = t.deduce(rhs);
    if (a.map() != null) {
      return mergeMap(a, lhs, rhs);
    } else if (a.scalar()) {
      return keepRhs(lhs, rhs);
    } else if (a.list() != null) {
      return mergeList(a.list(), lhs, rhs);
    }
    return keepRhs(lhs, rhs);
  }

  private static JsonNode keepRhs(JsonNode lhs, JsonNode rhs) {
    JsonNode out = rhs != null ? rhs : lhs;
    return out == null ? null : out.deepCopy();
  }

  private static JsonNode mergeMap(SmdType a, JsonNode lhs, JsonNode rhs) {
    JsonNode lm = lhs != null && lhs.isObject() ? lhs : null;
    JsonNode rm = rhs != null && rhs.isObject() ? rhs : null;
    boolean empty = (lm == null || lm.isEmpty()) && (rm == null || rm.isEmpty());
    if (a.map().atomic() || empty) {
      return keepRhs(lhs, rhs);
    }
    ObjectNode out = NODES.objectNode();
    if (lm != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = lm.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode child =
            merge(e.getValue(), rm == null ? null : rm.get(e.getKey()), typeOf(a, e.getKey()));
        if (child != null) {
          out.set(e.getKey(), child);
        }
      }
    }
    if (rm != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = rm.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (lm != null && lm.has(e.getKey())) {
          continue;
        }
        JsonNode child = merge(null, e.getValue(), typeOf(a, e.getKey()));
        if (child != null) {
          out.set(e.getKey(), child);
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static SmdType typeOf(SmdType mapType, String key) {
    SmdType ft = mapType.fieldType(key);
    return ft == null ? SmdType.DEDUCED : ft;
  }

  private record Indexed(List<PathElement> order, TreeMap<PathElement, JsonNode> items) {}

  private static Indexed index(SmdType.ListType list, JsonNode l, boolean failOnDuplicates) {
    List<PathElement> order = new ArrayList<>();
    TreeMap<PathElement, JsonNode> items = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    if (l != null) {
      for (int i = 0; i < l.size(); i++) {
        PathElement pe;
        try {
          pe = listItemToPathElement(list, i, l.get(i));
        } catch (IllegalArgumentException e) {
          errors.add("element " + i + ": " + e.getMessage());
          continue;
        }
        if (items.containsKey(pe)) {
          if (failOnDuplicates) {
            errors.add("duplicate entries for key " + pe);
          }
          continue;
        }
        items.put(pe, l.get(i));
        order.add(pe);
      }
    }
    if (!errors.isEmpty()) {
      throw new TypedValueException(errors);
    }
    return new Indexed(order, items);
  }

  private static JsonNode mergeList(SmdType.ListType list, JsonNode lhs, JsonNode rhs) {
    JsonNode ll = lhs != null && lhs.isArray() ? lhs : null;
    JsonNode rl = rhs != null && rhs.isArray() ? rhs : null;
    boolean empty = (ll == null || ll.isEmpty()) && (rl == null || rl.isEmpty());
    if (list.atomic() || empty) {
      return keepRhs(lhs, rhs);
    }
    Indexed r = index(list, rl, true);
    Indexed l = index(list, ll, true);
    List<PathElement> shared = new ArrayList<>();
    for (PathElement pe : r.order()) {
      if (l.items().containsKey(pe)) {
        shared.add(pe);
      }
    }
    int nextShared = 0;
    ArrayNode out = NODES.arrayNode();
    int li = 0;
    int ri = 0;
    while (li < l.order().size() || ri < r.order().size()) {
      int progress = li + ri;
      if (li < l.order().size() && ri < r.order().size()) {
        PathElement pe = l.order().get(li);
        if (pe.equals(r.order().get(ri))) {
          addIfPresent(out, merge(l.items().get(pe), r.items().get(pe), list.elementType()));
          li++;
          ri++;
          nextShared++;
          continue;
        }
        if (r.items().containsKey(pe)
            && nextShared < shared.size()
            && !shared.get(nextShared).equals(pe)) {
          li++;
          continue;
        }
      }
      if (li < l.order().size()) {
        PathElement pe = l.order().get(li);
        if (!r.items().containsKey(pe)) {
          addIfPresent(out, merge(l.items().get(pe), null, list.elementType()));
          li++;
          continue;
        }
      }
      if (ri < r.order().size()) {
        PathElement pe = r.order().get(ri);
        addIfPresent(out, merge(l.items().get(pe), r.items().get(pe), list.elementType()));
        ri++;
        if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
          nextShared++;
        }
      }
      if (li + ri == progress) {
        // Only shared items already merged remain on the left: they are in the output already.
        li++;
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static void addIfPresent(ArrayNode out, JsonNode item) {
    if (item != null) {
      out.add(item);
    }
  }

  /** SMD's {@code Compare}: what changed from {@code lhs} to {@code rhs}. */
  static Comparison compare(JsonNode lhs, JsonNode rhs, SmdType type) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    compare(lhs, rhs, type, new ArrayList<>(), c);
    return c;
  }

  private static void compare(
      JsonNode lhs, JsonNode rhs, SmdType t, List<PathElement> path, Comparison c) {
    SmdType alhs = t.deduce(lhs);
    SmdType arhs = t.deduce(rhs);
    boolean inLeaf;
    if (rhs == null) {
      inLeaf = compareAtom(alhs, lhs, rhs, path, c);
    } else if (lhs == null || alhs.sameForms(arhs)) {
      inLeaf = compareAtom(arhs, lhs, rhs, path, c);
    } else {
      compareAtom(alhs, lhs, rhs, path, c);
      inLeaf = compareAtom(arhs, lhs, rhs, path, c);
    }
    if (!inLeaf) {
      if (lhs == null) {
        c.added().insert(path);
      } else if (rhs == null) {
        c.removed().insert(path);
      }
    }
  }

  /** Compares with one form of the type; true when the value was a leaf. */
  private static boolean compareAtom(
      SmdType a, JsonNode lhs, JsonNode rhs, List<PathElement> path, Comparison c) {
    if (a.map() != null) {
      JsonNode lm = lhs != null && lhs.isObject() ? lhs : null;
      JsonNode rm = rhs != null && rhs.isObject() ? rhs : null;
      boolean empty = (lm == null || lm.isEmpty()) && (rm == null || rm.isEmpty());
      if (a.map().atomic() || empty) {
        compareLeaf(lhs, rhs, path, c);
        return true;
      }
      List<String> keys = new ArrayList<>();
      if (lm != null) {
        lm.fieldNames().forEachRemaining(keys::add);
      }
      if (rm != null) {
        rm.fieldNames()
            .forEachRemaining(
                k -> {
                  if (lm == null || !lm.has(k)) {
                    keys.add(k);
                  }
                });
      }
      for (String k : keys) {
        path.add(PathElement.field(k));
        compare(
            lm == null ? null : lm.get(k), rm == null ? null : rm.get(k), typeOf(a, k), path, c);
        path.remove(path.size() - 1);
      }
      return false;
    } else if (a.scalar()) {
      compareLeaf(lhs, rhs, path, c);
      return true;
    } else if (a.list() != null) {
      JsonNode ll = lhs != null && lhs.isArray() ? lhs : null;
      JsonNode rl = rhs != null && rhs.isArray() ? rhs : null;
      boolean empty = (ll == null || ll.isEmpty()) && (rl == null || rl.isEmpty());
      if (a.list().atomic() || empty) {
        compareLeaf(lhs, rhs, path, c);
        return true;
      }
      Indexed l = index(a.list(), ll, false);
      Indexed r = index(a.list(), rl, false);
      List<PathElement> all = new ArrayList<>(l.order());
      for (PathElement pe : r.order()) {
        if (!l.items().containsKey(pe)) {
          all.add(pe);
        }
      }
      for (PathElement pe : all) {
        path.add(pe);
        compare(l.items().get(pe), r.items().get(pe), a.list().elementType(), path, c);
        path.remove(path.size() - 1);
      }
      return false;
    }
    return false;
  }

  private static void compareLeaf(
      JsonNode lhs, JsonNode rhs, List<PathElement> path, Comparison c) {
    if (lhs == null) {
      c.added().insert(path);
    } else if (rhs == null) {
      c.removed().insert(path);
    } else if (!GoValues.equal(lhs, rhs)) {
      c.modified().insert(path);
    }
  }

  /**
   * SMD's {@code RemoveItems}: {@code value} without the members of {@code toRemove}. As in SMD, a
   * map or list left empty becomes null.
   */
  static JsonNode removeItems(JsonNode value, FieldSet toRemove, SmdType t) {
    SmdType a = t.deduce(value);
    if (a.map() != null) {
      if (value == null || !value.isObject() || value.isEmpty() || a.map().atomic()) {
        return NullNode.getInstance();
      }
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        PathElement pe = PathElement.field(e.getKey());
        if (toRemove.has(List.of(pe))) {
          continue;
        }
        JsonNode child = e.getValue();
        FieldSet subset = toRemove.withPrefix(pe);
        if (!subset.isEmpty()) {
          child = removeItems(child, subset, typeOf(a, e.getKey()));
        }
        out.set(e.getKey(), child.deepCopy());
      }
      return out.isEmpty() ? NullNode.getInstance() : out;
    } else if (a.scalar()) {
      return value == null ? NullNode.getInstance() : value.deepCopy();
    } else if (a.list() != null) {
      if (value == null || !value.isArray() || value.isEmpty() || a.list().atomic()) {
        return NullNode.getInstance();
      }
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode child = value.get(i);
        PathElement pe;
        try {
          pe = listItemToPathElement(a.list(), i, child);
        } catch (IllegalArgumentException e) {
          out.add(child.deepCopy());
          continue;
        }
        if (toRemove.has(List.of(pe))) {
          continue;
        }
        FieldSet subset = toRemove.withPrefix(pe);
        if (!subset.isEmpty()) {
          child = removeItems(child, subset, a.list().elementType());
        }
        out.add(child.deepCopy());
      }
      return out.isEmpty() ? NullNode.getInstance() : out;
    }
    return NullNode.getInstance();
  }
}
