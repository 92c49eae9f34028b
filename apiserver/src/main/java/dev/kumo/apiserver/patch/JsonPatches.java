package dev.kumo.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.EnumSet;
import java.util.Set;

/**
 * RFC 6902 JSON Patch for {@code application/json-patch+json}, applied by zjsonpatch with the
 * behaviour of evanphx/json-patch v4 that kube-apiserver uses: {@code remove}, {@code replace} and
 * {@code test} on a missing member fail, at most 10,000 operations, and failures carry the
 * library's messages (e.g. {@code replace operation does not apply: doc is missing key: /spec/x:
 * missing value}).
 */
public final class JsonPatches {
  /** kube-apiserver's {@code maxJSONPatchOperations}. */
  public static final int MAX_OPERATIONS = 10_000;

  private static final Set<String> KINDS =
      Set.of("add", "remove", "replace", "move", "copy", "test");
  private static final EnumSet<CompatibilityFlags> FLAGS =
      EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

  private JsonPatches() {}

  /**
   * Applies {@code patch} (a JSON array of operations) to {@code target}; neither is modified.
   *
   * <p>A JSON {@code null} patch decodes to no operations, as in Go.
   *
   * @throws PatchException 400 when the patch is not a list of operations, 413 above {@link
   *     #MAX_OPERATIONS} operations, 422 when an operation does not apply
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch != null && patch.isNull()) {
      return target.deepCopy();
    }
    if (patch == null || !patch.isArray()) {
      throw PatchException.badRequest(
          "json: cannot unmarshal " + goType(patch) + " into Go value of type jsonpatch.Patch");
    }
    if (patch.size() > MAX_OPERATIONS) {
      throw new PatchException(
          413,
          "RequestEntityTooLarge",
          "The allowed maximum operations in a JSON patch is "
              + MAX_OPERATIONS
              + ", got "
              + patch.size(),
          null);
    }
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    for (JsonNode op : patch) {
      if (!op.isObject()) {
        throw PatchException.badRequest(
            "json: cannot unmarshal "
                + goType(op)
                + " into Go value of type map[string]*json.RawMessage");
      }
      ops.add(checked((ObjectNode) op));
    }
    try {
      return JsonPatch.apply(ops, target, FLAGS);
    } catch (JsonPatchException e) {
      throw PatchException.notApplicable(explain(target, ops, e));
    }
  }

  /** The operation as evanphx accepts it: a known kind, a path, a value (null when absent). */
  private static ObjectNode checked(ObjectNode op) {
    JsonNode kind = op.get("op");
    String k = kind != null && kind.isTextual() ? kind.textValue() : "unknown";
    if (!KINDS.contains(k)) {
      throw PatchException.notApplicable("Unexpected kind: " + k);
    }
    JsonNode path = op.get("path");
    if (path == null || !path.isTextual()) {
      throw PatchException.notApplicable(k + " operation failed to decode path: missing value");
    }
    if ((k.equals("move") || k.equals("copy"))
        && (op.get("from") == null || !op.get("from").isTextual())) {
      throw PatchException.notApplicable(k + " operation failed to decode from: missing value");
    }
    ObjectNode copy = op.deepCopy();
    if ((k.equals("add") || k.equals("replace") || k.equals("test")) && !copy.has("value")) {
      copy.putNull("value");
    }
    return copy;
  }

  /**
   * evanphx's message for the first failing operation, found by replaying the operations one by one
   * on the target.
   */
  private static String explain(JsonNode target, ArrayNode ops, JsonPatchException failure) {
    JsonNode doc = target;
    for (JsonNode op : ops) {
      ArrayNode single = JsonNodeFactory.instance.arrayNode().add(op);
      try {
        doc = JsonPatch.apply(single, doc, FLAGS);
      } catch (JsonPatchException e) {
        return describe(doc, op);
      }
    }
    return failure.getMessage();
  }

  private static String describe(JsonNode doc, JsonNode op) {
    String kind = op.get("op").textValue();
    String path = op.get("path").textValue();
    JsonNode container = findContainer(doc, path);
    String key = path.substring(path.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    switch (kind) {
      case "add":
        if (container == null) {
          return "add operation does not apply: doc is missing path: \""
              + path
              + "\": missing value";
        }
        return "error in add for path: '" + path + "': " + invalidIndex(key);
      case "remove":
        if (container == null) {
          return "remove operation does not apply: doc is missing path: \""
              + path
              + "\": missing value";
        }
        if (container.isObject()) {
          return "error in remove for path: '"
              + path
              + "': Unable to remove nonexistent key: "
              + key
              + ": missing value";
        }
        return "error in remove for path: '" + path + "': " + invalidIndex(key);
      case "replace":
        if (container == null) {
          return "replace operation does not apply: doc is missing path: "
              + path
              + ": missing value";
        }
        return "replace operation does not apply: doc is missing key: " + path + ": missing value";
      case "test":
        if (container == null) {
          return "test operation does not apply: is missing path: " + path + ": missing value";
        }
        return "testing value " + path + " failed: test failed";
      default:
        String from = op.get("from").textValue();
        if (findContainer(doc, from) == null) {
          return kind
              + " operation does not apply: doc is missing from path: "
              + from
              + ": missing value";
        }
        return "error in " + kind + " for path: '" + path + "': missing value";
    }
  }

  private static String invalidIndex(String key) {
    return "Unable to access invalid index: " + key + ": invalid index referenced";
  }

  /** evanphx's {@code findObject}: the object or array holding the path's last token, or null. */
  private static JsonNode findContainer(JsonNode doc, String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 2) {
      return null;
    }
    JsonNode node = doc;
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i].replace("~1", "/").replace("~0", "~");
      if (node.isObject()) {
        node = node.get(part);
      } else if (node.isArray()) {
        try {
          int index = Integer.parseInt(part);
          node = index >= 0 && index < node.size() ? node.get(index) : null;
        } catch (NumberFormatException e) {
          node = null;
        }
      } else {
        node = null;
      }
      if (node == null || !node.isContainerNode()) {
        return null;
      }
    }
    return node.isContainerNode() ? node : null;
  }

  private static String goType(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    } else if (v.isObject()) {
      return "object";
    } else if (v.isArray()) {
      return "array";
    } else if (v.isTextual()) {
      return "string";
    } else if (v.isNumber()) {
      return "number";
    }
    return "bool";
  }
}
