package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Quantity;

/** Network and root-disk limits of a VM. Unset means unlimited. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmQos {
  /** Outbound bandwidth of each NIC in bytes per second, e.g. 10Mi. */
  @Pattern(Patterns.QUANTITY)
  public Quantity networkOutboundBytesPerSecond;

  /** Inbound bandwidth of each NIC in bytes per second, e.g. 10Mi. */
  @Pattern(Patterns.QUANTITY)
  public Quantity networkInboundBytesPerSecond;

  /** Read and write bandwidth of the root volume in bytes per second. */
  @Pattern(Patterns.QUANTITY)
  public Quantity rootDiskBytesPerSecond;
}
