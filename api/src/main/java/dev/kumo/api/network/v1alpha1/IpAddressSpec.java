package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An allocation: which address of which L3 network, for whom. It never changes once made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "an IP allocation is immutable; release it and allocate anew")
public class IpAddressSpec {
  /** Name of the L3Network the address belongs to. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String l3NetworkRef;

  /** The IPv4 address. */
  @Required
  @Pattern(Patterns.IPV4)
  public String ip;

  /** What the address is used for. */
  @Default("VmNic")
  public IpUsage usedFor;

  /** The object the address is allocated to. */
  public IpOwner owner;

  /** MAC address of the NIC holding the address (unique within the L2 network). */
  @Pattern(Patterns.UNICAST_MAC)
  public String mac;
}
