package dev.kumo.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Placeholder until the patch branch lands: RFC 7386 JSON merge patch. */
public final class MergePatch {
  private MergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                result.remove(e.getKey());
              } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
              }
            });
    return result;
  }
}
