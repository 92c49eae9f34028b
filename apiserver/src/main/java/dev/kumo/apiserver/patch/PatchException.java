package dev.kumo.apiserver.patch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.rest.ApiException;

/**
 * A patch kube-apiserver would refuse, with the status it answers: 400 BadRequest for a patch that
 * does not decode, 413 RequestEntityTooLarge for more than 10,000 JSON Patch operations, 422
 * Invalid for a JSON Patch that does not apply (the json-patch library's message is the cause).
 */
public class PatchException extends RuntimeException {
  private final int code;
  private final String reason;
  private final String cause;

  PatchException(int code, String reason, String message, String cause) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.cause = cause;
  }

  static PatchException badRequest(String message) {
    return new PatchException(400, "BadRequest", message, null);
  }

  /** A JSON Patch that does not apply; {@code detail} is evanphx/json-patch's error text. */
  static PatchException notApplicable(String detail) {
    return new PatchException(
        422, "Invalid", "the server rejected our request due to an error in our request", detail);
  }

  /** The HTTP status code. */
  public int code() {
    return code;
  }

  /** The Status reason. */
  public String reason() {
    return reason;
  }

  /** The library's error text (the single cause of a 422), or null. */
  public String detail() {
    return cause;
  }

  /** The Status kube-apiserver answers. */
  public ApiException toApiException() {
    if (cause == null) {
      return new ApiException(code, reason, getMessage());
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.putArray("causes").addObject().put("message", cause);
    return new ApiException(code, reason, getMessage(), details);
  }
}
