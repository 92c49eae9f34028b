package dev.kumo.api.stack.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.KumoStatus;
import java.util.List;

/** What Kumo found when it checked the template (Ready=False lists the errors with their paths). */
public class StackTemplateStatus extends KumoStatus {
  /** Number of resources the template declares. */
  public Integer resources;

  /** The parameters the template takes. */
  public List<ParameterInfo> parameters;

  /** Content hash of the checked template. */
  public String templateHash;

  /** A parameter of a template. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ParameterInfo {
    /** Parameter name. */
    public String name;

    /** String, Number, Boolean, CommaDelimitedList or Secret. */
    public String type;

    /** Whether the parameter has no default and must be given. */
    public Boolean required;

    /** The template's description of the parameter. */
    public String description;
  }
}
