package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Quantity;

/** A primary storage as one host sees it: mounted, and how much physical room it has. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostStorage {
  /** The PrimaryStorage. */
  public String primaryStorageRef;

  /** Physical size of the file system holding it. */
  @Pattern(Patterns.QUANTITY)
  public Quantity totalPhysical;

  /** Physical free space. */
  @Pattern(Patterns.QUANTITY)
  public Quantity availablePhysical;
}
