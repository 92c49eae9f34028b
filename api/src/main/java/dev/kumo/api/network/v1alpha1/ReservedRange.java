package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Addresses inside the IP ranges that Kumo must never allocate (used by other equipment). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = Cel.START + " <= " + Cel.END,
    message = "startIp must not be greater than endIp")
public class ReservedRange {
  /** First reserved address. */
  @Required
  @Pattern(Patterns.IPV4)
  public String startIp;

  /** Last reserved address. */
  @Required
  @Pattern(Patterns.IPV4)
  public String endIp;

  /** Why the addresses are reserved. */
  @Size(max = 256)
  public String description;
}
