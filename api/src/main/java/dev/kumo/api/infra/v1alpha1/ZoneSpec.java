package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** The desired state of a zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneSpec {
  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;

  /** Enabled zones accept new VMs; Disabled zones keep what runs but take nothing new. */
  @Default("Enabled")
  public AdminState state;
}
