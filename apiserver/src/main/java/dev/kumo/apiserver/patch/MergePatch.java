package dev.kumo.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch, as evanphx/json-patch's {@code MergePatch} (used by kube-apiserver for
 * {@code application/merge-patch+json}) applies it: {@code null} deletes a member, objects merge
 * recursively, anything else (arrays included) replaces; nulls inside added values are dropped from
 * objects.
 */
public final class MergePatch {

  private MergePatch() {}

  /**
   * Applies {@code patch} to {@code target}; neither is modified.
   *
   * @throws PatchException 400 {@code Invalid JSON Patch} when the patch is null or a scalar (the
   *     library refuses those)
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isNull() || patch.isValueNode()) {
      throw PatchException.badRequest("Invalid JSON Patch");
    }
    if (patch.isArray()) {
      return pruneNulls(patch.deepCopy());
    }
    if (target == null || !target.isObject()) {
      return pruneNulls(patch.deepCopy());
    }
    ObjectNode doc = (ObjectNode) target.deepCopy();
    mergeDocs(doc, (ObjectNode) patch);
    return doc;
  }

  private static void mergeDocs(ObjectNode doc, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        doc.remove(e.getKey());
        continue;
      }
      JsonNode current = doc.get(e.getKey());
      if (current instanceof ObjectNode cur && value instanceof ObjectNode p) {
        mergeDocs(cur, p);
      } else {
        doc.set(e.getKey(), pruneNulls(value.deepCopy()));
      }
    }
  }

  /** Drops null members of objects, recursively (null array elements stay). */
  private static JsonNode pruneNulls(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> nulls = new ArrayList<>();
      o.fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNull()) {
                  nulls.add(e.getKey());
                } else {
                  pruneNulls(e.getValue());
                }
              });
      o.remove(nulls);
    } else if (node instanceof ArrayNode a) {
      a.forEach(MergePatch::pruneNulls);
    }
    return node;
  }
}
