package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;

/** The desired state of a disk offering. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskOfferingSpec {
  /** Size of volumes made from this offering, e.g. 20Gi. */
  @Required
  @Pattern(Patterns.QUANTITY)
  public Quantity diskSize;

  /** I/O limits applied to volumes made from this offering. */
  public VolumeQos qos;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;

  /** Enabled offerings can be used for new volumes. */
  @Default("Enabled")
  public AdminState state;
}
