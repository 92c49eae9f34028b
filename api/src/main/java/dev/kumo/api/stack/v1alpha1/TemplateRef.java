package dev.kumo.api.stack.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A StackTemplate in the stack's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateRef {
  /** Name of the StackTemplate. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String name;

  /** The template version this stack expects; the stack reports an error when it differs. */
  @Size(max = 64)
  public String version;
}
