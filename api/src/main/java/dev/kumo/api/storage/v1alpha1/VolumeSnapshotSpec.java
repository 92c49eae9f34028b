package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired state of a volume snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotSpec {
  /** Name of the Volume (in the same namespace) to snapshot. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "volumeRef is immutable")
  public String volumeRef;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;
}
