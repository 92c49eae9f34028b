package dev.kumo.node.driver;

import dev.kumo.api.compute.v1alpha1.DomainState;

/**
 * A domain as the hypervisor reports it.
 *
 * @param spec the definition the domain was last defined with
 * @param state Running, Paused, Stopped or Crashed
 * @param vncPort the port of its VNC console while it runs, or null
 */
public record DomainInfo(DomainSpec spec, DomainState state, Integer vncPort) {
  /** The VmInstance uid the domain belongs to. */
  public String uid() {
    return spec.uid();
  }
}
