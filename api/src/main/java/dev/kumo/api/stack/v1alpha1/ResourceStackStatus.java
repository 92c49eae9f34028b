package dev.kumo.api.stack.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.KumoStatus;
import java.util.List;
import java.util.Map;

/** What Kumo did and sees for a stack. */
public class ResourceStackStatus extends KumoStatus {
  /** Printable state; clients should wait on the Ready condition. */
  public StackState state;

  /** Ready resources over all resources, e.g. "3/5". */
  public String readyResources;

  /** One line per resource of the template. */
  public List<StackResource> resources;

  /** The template's outputs, evaluated. */
  public Map<String, String> outputs;

  /** The changes the next apply makes (always shown when spec.planOnly is true). */
  public List<PlannedChange> plan;

  /** Content hash of the template and parameters last applied. */
  public String appliedHash;

  /** A resource of the stack. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StackResource {
    /** The resource's logical name in the template. */
    public String logicalName;

    /** apiVersion of the object. */
    public String apiVersion;

    /** Kind of the object. */
    public String kind;

    /** Name of the object. */
    public String name;

    /** Namespace of the object, for namespaced kinds. */
    public String namespace;

    /** Pending, Creating, Ready, Failed, Deleting, Deleted or Retained. */
    public String state;

    /** Why the resource is in that state. */
    public String message;
  }

  /** One change of a plan. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PlannedChange {
    /** The resource's logical name. */
    public String logicalName;

    /** Create, Update, Replace, Delete or NoChange. */
    public String action;

    /** Kind of the object. */
    public String kind;

    /** The fields that change, as paths. */
    public List<String> fields;
  }
}
