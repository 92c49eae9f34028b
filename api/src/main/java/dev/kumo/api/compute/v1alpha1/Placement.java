package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Where a VM may run (ZStack's designated zone, cluster and host). Unset fields leave the choice to
 * the scheduler.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Placement {
  /** Name of the Zone the VM must run in. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String zoneRef;

  /** Name of the Cluster the VM must run in. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String clusterRef;

  /** Name of the Host the VM must run on. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String hostRef;
}
