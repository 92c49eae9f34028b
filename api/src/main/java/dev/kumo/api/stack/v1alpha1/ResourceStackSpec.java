package dev.kumo.api.stack.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.api.common.SecretKeyRef;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The desired state of a resource stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.templateRef) != has(self.template)",
    message = "set exactly one of templateRef or template")
public class ResourceStackSpec {
  /** The StackTemplate to instantiate; or give the template inline. */
  public TemplateRef templateRef;

  /** An inline template (same language as StackTemplate.spec.template). */
  public JsonNode template;

  /** Parameter values, by parameter name. Numbers, booleans and lists are given as strings. */
  @Size(max = 256)
  public Map<String, String> parameters;

  /** Parameter values read from Secrets, for parameters of type Secret. */
  @Size(max = 64)
  public Map<String, SecretKeyRef> secretParameters;

  /**
   * On failure, delete what the attempt created, in reverse order (true, the default), or keep it
   * and stay Failed so that it can be inspected and retried (false).
   */
  @Default("true")
  public Boolean rollbackOnFailure;

  /** How long creation or an update may take before it counts as failed. */
  @Default("3600")
  @Min(1)
  @Max(86400)
  public Integer timeoutSeconds;

  /**
   * When true, Kumo computes and shows the plan in status but changes nothing: review it, then set
   * it to false to apply.
   */
  @Default("false")
  public Boolean planOnly;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;
}
