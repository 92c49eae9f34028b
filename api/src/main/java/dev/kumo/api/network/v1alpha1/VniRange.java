package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An inclusive range of VXLAN network identifiers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.start <= self.end", message = "start must not be greater than end")
public class VniRange {
  /** First VNI of the range. */
  @Required
  @Min(1)
  @Max(16777214)
  public Integer start;

  /** Last VNI of the range. */
  @Required
  @Min(1)
  @Max(16777214)
  public Integer end;
}
