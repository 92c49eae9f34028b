package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired state of an L3 network. Rules that compare ranges with each other (one CIDR and one
 * gateway per network, no overlap) are checked here and, with the L3 networks of the same L2, by
 * {@link IpRangeRules}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.category == 'Public' || !has(self.ipRanges)"
            + " || self.ipRanges.all(r, !has(r.type) || r.type == 'Normal')",
    message = "AddressPool ranges are only allowed on Public networks")
@ValidationRule(
    value =
        "!has(self.ipRanges) || self.ipRanges.all(a, self.ipRanges.all(b,"
            + " !has(a.gateway) || !has(b.gateway) || a.gateway == b.gateway"
            + " || (has(a.type) && a.type == 'AddressPool') || (has(b.type) && b.type == 'AddressPool')))",
    message = "all Normal ranges of an L3 network share one gateway")
@ValidationRule(
    value =
        "!has(self.ipRanges) || self.ipRanges.all(a, !has(a.name) || self.ipRanges.exists_one(b, has(b.name) && b.name == a.name))",
    message = "IP range names must be unique")
public class L3NetworkSpec {
  /** Name of the L2Network the subnet lives on. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "l2NetworkRef is immutable")
  public String l2NetworkRef;

  /** What the network is for. */
  @Default("Private")
  @ValidationRule(value = "self == oldSelf", message = "category is immutable")
  public L3NetworkCategory category;

  /** IP version; only 4 is supported for now. */
  @Default("4")
  @Min(4)
  @Max(4)
  public Integer ipVersion;

  /** Ranges Kumo allocates addresses from. All Normal ranges share one CIDR and gateway. */
  @Size(max = 32)
  public List<IpRange> ipRanges;

  /** Addresses inside the ranges that are never allocated. */
  @Size(max = 256)
  public List<ReservedRange> reservedRanges;

  /** DNS servers handed to VMs by DHCP, in order. */
  @Size(max = 3)
  public List<@Pattern(Patterns.IPV4) String> dns;

  /** DNS search domain handed to VMs, e.g. cloud.example.com. */
  @Size(max = 253)
  @Pattern(Patterns.DNS_DOMAIN)
  public String dnsDomain;

  /** Network services the L3 network offers and their providers. */
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.type == a.type))",
      message = "each network service type may appear once")
  public List<NetworkService> networkServices;

  /** How free addresses are picked. */
  @Default("Random")
  public IpAllocationStrategy ipAllocationStrategy;

  /** MTU handed to VMs by DHCP. */
  @Min(576)
  @Max(9216)
  public Integer mtu;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;

  /** Enabled networks accept new NICs. */
  @Default("Enabled")
  public AdminState state;
}
