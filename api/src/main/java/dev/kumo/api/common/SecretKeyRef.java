package dev.kumo.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret in the referring object's namespace, for values that must not sit in a spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  /** Name of the Secret. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String name;

  /** Key within the Secret's data. */
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  public String key;
}
