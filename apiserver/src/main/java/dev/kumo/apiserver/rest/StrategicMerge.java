package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.patch.MergePatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Strategic merge patch for the built-in kinds the server serves (ConfigMap, Secret, Namespace,
 * Event, Lease). None of them has a list with a patch strategy other than "replace" in the fields
 * clients patch, so a strategic merge patch reduces to a JSON merge patch once its {@code $}
 * directives ({@code $patch}, {@code $retainKeys}, {@code $setElementOrder/...}, {@code
 * $deleteFromPrimitiveList/...}) are taken out. Custom resources get 415, as from kube-apiserver.
 */
final class StrategicMerge {
  private StrategicMerge() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    JsonNode cleaned = patch.deepCopy();
    stripDirectives(cleaned);
    return MergePatch.apply(target, cleaned);
  }

  private static void stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> directives = new ArrayList<>();
      object
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (n.startsWith("$")) {
                  directives.add(n);
                }
              });
      object.remove(directives);
      object.forEach(StrategicMerge::stripDirectives);
    } else if (node != null && node.isArray()) {
      node.forEach(StrategicMerge::stripDirectives);
    }
  }
}
