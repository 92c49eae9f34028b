package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A range of IPv4 addresses Kumo may allocate on an L3 network, with the subnet (netmask or prefix
 * length) and gateway it belongs to. ZStack's rules apply: start ≤ end, both inside one subnet and
 * neither its network nor broadcast address, the gateway inside the subnet but outside the range.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.netmask) != has(self.prefixLength)",
    message = "exactly one of netmask or prefixLength must be set")
@ValidationRule(
    value = Cel.START + " <= " + Cel.END,
    message = "startIp must not be greater than endIp")
@ValidationRule(
    value =
        "[self.startIp, self.endIp].all(ip, int(ip.split('.')[0]) > 0 && int(ip.split('.')[0]) < 224"
            + " && !ip.startsWith('127.') && !ip.startsWith('169.254.'))",
    message = "addresses must not be loopback, link-local, multicast or reserved (class D/E)")
@ValidationRule(
    value =
        Cel.UNLESS_NO_MASK
            + "("
            + Cel.START
            + ") / "
            + Cel.BLOCK
            + " == ("
            + Cel.END
            + ") / "
            + Cel.BLOCK,
    message = "startIp and endIp must be in the same subnet")
@ValidationRule(
    value =
        Cel.UNLESS_NO_MASK
            + "(("
            + Cel.START
            + ") % "
            + Cel.BLOCK
            + " != 0 && ("
            + Cel.END
            + ") % "
            + Cel.BLOCK
            + " != "
            + Cel.BLOCK
            + " - 1)",
    message = "the range must not include the subnet's network or broadcast address")
@ValidationRule(
    value =
        Cel.UNLESS_NO_MASK
            + "!has(self.gateway) || ("
            + Cel.GATEWAY
            + ") / "
            + Cel.BLOCK
            + " == ("
            + Cel.START
            + ") / "
            + Cel.BLOCK,
    message = "gateway must be inside the range's subnet",
    fieldPath = ".gateway")
@ValidationRule(
    value =
        "!has(self.gateway) || "
            + Cel.GATEWAY
            + " < "
            + Cel.START
            + " || "
            + Cel.GATEWAY
            + " > "
            + Cel.END,
    message = "gateway must not lie between startIp and endIp",
    fieldPath = ".gateway")
@ValidationRule(
    value = "(has(self.type) && self.type == 'AddressPool') || has(self.gateway)",
    message = "a Normal range needs a gateway",
    reason = "FieldValueRequired",
    fieldPath = ".gateway")
public class IpRange {
  /** Name of the range, unique within the L3 network. */
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String name;

  /** First allocatable address. */
  @Required
  @Pattern(Patterns.IPV4)
  public String startIp;

  /** Last allocatable address. */
  @Required
  @Pattern(Patterns.IPV4)
  public String endIp;

  /** Netmask of the subnet, e.g. 255.255.255.0; or set prefixLength. */
  @Pattern(Patterns.NETMASK)
  public String netmask;

  /** Prefix length of the subnet, e.g. 24; or set netmask. */
  @Min(1)
  @Max(30)
  public Integer prefixLength;

  /** Gateway of the subnet; required for Normal ranges. */
  @Pattern(Patterns.IPV4)
  public String gateway;

  /**
   * Normal ranges are ordinary subnets; AddressPool ranges (Public networks only) are loose pools
   * of addresses, e.g. for elastic IPs, without the one-subnet rules.
   */
  @Default("Normal")
  public IpRangeType type;
}
