package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The object an address is allocated to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpOwner {
  /** Kind of the owner, e.g. VmInstance. */
  @Required
  @Size(max = 63)
  public String kind;

  /** Namespace of the owner, for namespaced kinds. */
  @Size(max = 63)
  public String namespace;

  /** Name of the owner. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String name;

  /** For a VM, the NIC the address belongs to. */
  @Size(max = 15)
  public String nic;
}
