package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A network interface of a VM: the L3 network it joins and, optionally, a fixed address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NicSpec {
  /** Interface name, e.g. eth0; by default eth0, eth1, ... in list order. */
  @Size(max = 15)
  @Pattern("^[a-z][a-z0-9]*$")
  public String name;

  /** Name of the L3Network the NIC is on. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String l3NetworkRef;

  /**
   * A static IPv4 address from the L3 network's ranges. When unset, one is allocated by the
   * network's IP allocation strategy.
   */
  @Pattern(Patterns.IPV4)
  public String ip;

  /** A fixed unicast MAC address. When unset, one unique within the L2 network is generated. */
  @Pattern(Patterns.UNICAST_MAC)
  public String mac;

  /**
   * Whether this NIC carries the VM's default route and DNS. At most one NIC is the default; when
   * none is marked, the first one is.
   */
  @JsonProperty("default")
  public Boolean isDefault;
}
