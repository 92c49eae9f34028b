package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of an L2 network. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.type == 'NoVlan' || self.type == 'Vlan') == has(self.physicalInterface)",
    message =
        "physicalInterface is required for NoVlan and Vlan networks and not allowed otherwise")
@ValidationRule(
    value = "(self.type == 'Vlan') == has(self.vlanId)",
    message = "vlanId is required for Vlan networks and not allowed otherwise")
@ValidationRule(
    value = "(self.type == 'VxlanPool') == has(self.vniRanges)",
    message = "vniRanges is required for VxlanPool networks and not allowed otherwise")
@ValidationRule(
    value = "(self.type == 'Vxlan') == (has(self.vni) && has(self.poolRef))",
    message = "vni and poolRef are required for Vxlan networks and not allowed otherwise")
@ValidationRule(
    value = "self.type != 'Vxlan' || !has(self.vtepCidr)",
    message = "vtepCidr belongs on the VxlanPool, not on a Vxlan network")
public class L2NetworkSpec {
  /** Name of the Zone the network belongs to. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "zoneRef is immutable")
  public String zoneRef;

  /** The kind of L2 network. */
  @Required
  @ValidationRule(value = "self == oldSelf", message = "type is immutable")
  public L2NetworkType type;

  /** Host interface the network is bridged to (NoVlan and Vlan), e.g. eth0 or bond0. */
  @Size(min = 1, max = 15)
  @Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$")
  @ValidationRule(value = "self == oldSelf", message = "physicalInterface is immutable")
  public String physicalInterface;

  /** 802.1Q VLAN id (Vlan only). */
  @Min(1)
  @Max(4094)
  @ValidationRule(value = "self == oldSelf", message = "vlanId is immutable")
  public Integer vlanId;

  /** VNI ranges a VxlanPool hands out. */
  @Size(min = 1, max = 64)
  public List<VniRange> vniRanges;

  /**
   * CIDR of the host addresses used as VXLAN tunnel endpoints (VxlanPool only); by default each
   * host's management IP.
   */
  @Pattern(Patterns.CIDR4)
  public String vtepCidr;

  /** Name of the VxlanPool this Vxlan network takes its VNI from. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "poolRef is immutable")
  public String poolRef;

  /** VXLAN network identifier (Vxlan only); must lie in one of the pool's ranges. */
  @Min(1)
  @Max(16777214)
  @ValidationRule(value = "self == oldSelf", message = "vni is immutable")
  public Integer vni;

  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;
}
