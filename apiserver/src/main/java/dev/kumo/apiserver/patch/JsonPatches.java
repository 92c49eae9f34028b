package dev.kumo.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;

/** Placeholder until the patch branch lands. */
public final class JsonPatches {
  private JsonPatches() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    try {
      return io.fabric8.zjsonpatch.JsonPatch.apply(patch, target);
    } catch (RuntimeException e) {
      throw new PatchException(e.getMessage());
    }
  }
}
