package dev.kumo.api.stack.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired state of a stack template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.template) != has(self.templateBody)",
    message = "set exactly one of template (structured) or templateBody (text)")
public class StackTemplateSpec {
  /** Free-form version label, e.g. "1.2.0"; stacks may pin it. */
  @Size(max = 64)
  public String version;

  /** The language of the template. */
  @Default("Kumo")
  public TemplateFormat format;

  /** The template as structured YAML: parameters, mappings, conditions, resources and outputs. */
  public JsonNode template;

  /** The template as text (YAML or JSON), e.g. an imported ZStack JSON template. */
  @Size(max = 1048576)
  public String templateBody;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;
}
