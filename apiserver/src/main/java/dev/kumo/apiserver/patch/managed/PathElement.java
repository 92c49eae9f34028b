package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One step of a field path, as structured-merge-diff's {@code fieldpath.PathElement}: a field name
 * ({@code f:}), the key of an item of a map list ({@code k:}, key fields sorted by name), the value
 * of an item of a set ({@code v:}) or an index into an atomic list ({@code i:}).
 *
 * <p>Elements are totally ordered as SMD orders them (field names, then keys, values, indexes),
 * which is also the order of their serialization in {@code fieldsV1}.
 */
public final class PathElement implements Comparable<PathElement> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<KeyField> KEY_ORDER = Comparator.comparing(KeyField::name);

  private final String fieldName;
  private final List<KeyField> key;
  private final JsonNode value;
  private final Integer index;

  /**
   * One field of a map-list key.
   *
   * @param name the key field's name
   * @param value its value
   */
  public record KeyField(String name, JsonNode value) {}

  private PathElement(String fieldName, List<KeyField> key, JsonNode value, Integer index) {
    this.fieldName = fieldName;
    this.key = key;
    this.value = value;
    this.index = index;
  }

  /** A field of a map or struct. */
  public static PathElement field(String name) {
    return new PathElement(name, null, null, null);
  }

  /** An item of a map list, identified by its key fields (sorted here by name). */
  public static PathElement key(List<KeyField> fields) {
    List<KeyField> sorted = new ArrayList<>(fields);
    sorted.sort(KEY_ORDER);
    return new PathElement(null, List.copyOf(sorted), null, null);
  }

  /** An item of a set, identified by its value. */
  public static PathElement value(JsonNode value) {
    return new PathElement(null, null, value.deepCopy(), null);
  }

  /** An item of an atomic list, identified by its position. */
  public static PathElement index(int index) {
    return new PathElement(null, null, null, index);
  }

  /** The field name, or null when this is not a field element. */
  public String fieldName() {
    return fieldName;
  }

  /** The key fields, or null when this is not a key element. */
  public List<KeyField> key() {
    return key;
  }

  /** Whether this element names a field. */
  public boolean isField() {
    return fieldName != null;
  }

  /** Whether this element is a map-list key. */
  public boolean isKey() {
    return key != null;
  }

  /**
   * The {@code fieldsV1} form: {@code f:name}, {@code k:{"name":"eth0"}}, {@code v:"x"} or {@code
   * i:0}, with values encoded as SMD's JSON writer encodes them.
   */
  public String serialize() {
    if (fieldName != null) {
      return "f:" + fieldName;
    } else if (key != null) {
      StringBuilder b = new StringBuilder("k:{");
      for (int i = 0; i < key.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        GoValues.writeString(b, key.get(i).name());
        b.append(':').append(GoValues.toJson(key.get(i).value()));
      }
      return b.append('}').toString();
    } else if (value != null) {
      return "v:" + GoValues.toJson(value);
    }
    return "i:" + index;
  }

  /**
   * Parses a {@code fieldsV1} key.
   *
   * @return the element, or null for an unknown prefix (SMD drops those silently)
   * @throws IllegalArgumentException for a malformed element
   */
  public static PathElement deserialize(String s) {
    if (s.length() < 2) {
      throw new IllegalArgumentException("key must be 2 characters long: " + s);
    }
    if (s.charAt(1) != ':') {
      throw new IllegalArgumentException("missing colon: " + s);
    }
    String rest = s.substring(2);
    try {
      switch (s.charAt(0)) {
        case 'f':
          return field(rest);
        case 'v':
          return value(JSON.readTree(rest));
        case 'k':
          JsonNode object = JSON.readTree(rest);
          if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("key must be a JSON object: " + s);
          }
          List<KeyField> fields = new ArrayList<>();
          for (var it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.add(new KeyField(e.getKey(), e.getValue()));
          }
          return key(fields);
        case 'i':
          return index(Integer.parseInt(rest));
        default:
          return null;
      }
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new IllegalArgumentException("parsing key as path element: " + s, e);
    }
  }

  /**
   * The element as SMD prints it in conflict paths: {@code .name}, {@code [name="eth0"]}, {@code
   * [="x"]} or {@code [0]}.
   */
  @Override
  public String toString() {
    if (fieldName != null) {
      return "." + fieldName;
    } else if (key != null) {
      List<String> parts = new ArrayList<>();
      for (KeyField f : key) {
        parts.add(f.name() + "=" + GoValues.toGoString(f.value()));
      }
      return "[" + String.join(",", parts) + "]";
    } else if (value != null) {
      return "[=" + GoValues.toGoString(value) + "]";
    }
    return "[" + index + "]";
  }

  @Override
  public int compareTo(PathElement rhs) {
    if (fieldName != null) {
      return rhs.fieldName == null ? -1 : Integer.signum(fieldName.compareTo(rhs.fieldName));
    } else if (rhs.fieldName != null) {
      return 1;
    }
    if (key != null) {
      return rhs.key == null ? -1 : compareKeys(key, rhs.key);
    } else if (rhs.key != null) {
      return 1;
    }
    if (value != null) {
      return rhs.value == null ? -1 : GoValues.compare(value, rhs.value);
    } else if (rhs.value != null) {
      return 1;
    }
    return Integer.compare(index, rhs.index);
  }

  private static int compareKeys(List<KeyField> lhs, List<KeyField> rhs) {
    for (int i = 0; ; i++) {
      if (i >= lhs.size() && i >= rhs.size()) {
        return 0;
      } else if (i >= lhs.size()) {
        return -1;
      } else if (i >= rhs.size()) {
        return 1;
      }
      int c = Integer.signum(lhs.get(i).name().compareTo(rhs.get(i).name()));
      if (c == 0) {
        c = GoValues.compare(lhs.get(i).value(), rhs.get(i).value());
      }
      if (c != 0) {
        return c;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathElement pe && compareTo(pe) == 0;
  }

  @Override
  public int hashCode() {
    if (fieldName != null) {
      return fieldName.hashCode();
    } else if (key != null) {
      return key.stream().map(KeyField::name).toList().hashCode();
    }
    return value != null ? 31 : index;
  }
}
