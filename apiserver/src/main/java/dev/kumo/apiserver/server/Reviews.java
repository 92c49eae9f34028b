package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.ApiException;

/**
 * SelfSubjectRulesReview and SelfSubjectAccessReview. Until multi-tenancy arrives every
 * authenticated user is an administrator, so both answer "everything is allowed" — which is what
 * JOSDK's leader election and {@code kubectl auth can-i} check for.
 */
final class Reviews {
  private Reviews() {}

  static ObjectNode answer(ResourceType type, ObjectNode review) {
    ObjectNode answer = review.deepCopy();
    answer.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    ObjectNode metadata = answer.putObject("metadata");
    metadata.putNull("creationTimestamp");
    ObjectNode status = answer.putObject("status");
    switch (type.kind()) {
      case "SelfSubjectRulesReview" -> {
        ArrayNode resourceRules = status.putArray("resourceRules");
        ObjectNode rule = resourceRules.addObject();
        rule.putArray("verbs").add("*");
        rule.putArray("apiGroups").add("*");
        rule.putArray("resources").add("*");
        ArrayNode nonResource = status.putArray("nonResourceRules");
        ObjectNode nr = nonResource.addObject();
        nr.putArray("verbs").add("*");
        nr.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
      }
      case "SelfSubjectAccessReview" -> {
        status.put("allowed", true);
        status.put("reason", "every authenticated user is an administrator");
      }
      default -> throw new ApiException(405, "MethodNotAllowed", "not a review kind");
    }
    return answer;
  }
}
