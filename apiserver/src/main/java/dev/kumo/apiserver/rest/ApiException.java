package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request that fails with a Kubernetes {@code Status}: the HTTP code, the machine-readable reason
 * (NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Gone/Expired, ...) and the message
 * kubectl prints. {@link #status()} renders the body kube-apiserver sends.
 */
public class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final ObjectNode details;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  public ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The {@code meta.k8s.io/v1 Status} body. */
  public ObjectNode status() {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
    if (details != null) {
      status.set("details", details.deepCopy());
    }
    status.put("code", code);
    return status;
  }

  /** Details naming the object: {@code {"name":..,"group":..,"kind":<plural>}}. */
  public static ObjectNode details(String name, String group, String plural) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    if (name != null && !name.isEmpty()) {
      details.put("name", name);
    }
    if (group != null && !group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", plural);
    return details;
  }

  /** 404: {@code vminstances.compute.kumo.dev "vm-1" not found}. */
  public static ApiException notFound(
      String groupResource, String group, String plural, String name) {
    return new ApiException(
        404,
        "NotFound",
        groupResource + " \"" + name + "\" not found",
        details(name, group, plural));
  }

  /** 409 AlreadyExists. */
  public static ApiException alreadyExists(
      String groupResource, String group, String plural, String name) {
    return new ApiException(
        409,
        "AlreadyExists",
        groupResource + " \"" + name + "\" already exists",
        details(name, group, plural));
  }

  /** 409 Conflict on a stale resourceVersion. */
  public static ApiException conflict(
      String groupResource, String group, String plural, String name) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + groupResource
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        details(name, group, plural));
  }

  /** 400 BadRequest. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  /** 422 Invalid with one cause per offending field; message as kubectl prints it. */
  public static ApiException invalid(String kind, String group, String name, List<Cause> causes) {
    StringBuilder message = new StringBuilder();
    message.append(group.isEmpty() ? kind : kind + "." + group);
    message.append(" \"").append(name).append("\" is invalid: ");
    List<String> rendered = causes.stream().map(Cause::render).toList();
    message.append(
        rendered.size() == 1 ? rendered.get(0) : "[" + String.join(", ", rendered) + "]");
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    var array = details.putArray("causes");
    for (Cause cause : causes) {
      ObjectNode c = array.addObject();
      c.put("reason", cause.reason()).put("message", cause.message()).put("field", cause.field());
    }
    return new ApiException(422, "Invalid", message.toString(), details);
  }

  /**
   * One cause of a 422.
   *
   * @param reason e.g. FieldValueInvalid, FieldValueRequired
   * @param field the field path, e.g. spec.cpu
   * @param message the message without the field, e.g. {@code Invalid value: 0: must be ...}
   */
  public record Cause(String reason, String field, String message) {
    /** The cause as kubectl prints it: {@code field: message}. */
    public String render() {
      return field.isEmpty() ? message : field + ": " + message;
    }
  }
}
