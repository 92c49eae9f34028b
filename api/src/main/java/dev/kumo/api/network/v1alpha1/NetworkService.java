package dev.kumo.api.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A network service enabled on an L3 network and the provider that implements it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.type == 'SecurityGroup') == (self.provider == 'SecurityGroup')",
    message = "the SecurityGroup service is provided by the SecurityGroup provider, and only it")
@ValidationRule(
    value =
        "!(self.type in ['SNAT', 'PortForwarding', 'LoadBalancer']) || self.provider == 'VirtualRouter'",
    message = "SNAT, PortForwarding and LoadBalancer are provided by a VirtualRouter")
public class NetworkService {
  /** The service. */
  @Required public NetworkServiceType type;

  /** What implements it. */
  @Default("Flat")
  public NetworkServiceProvider provider;
}
