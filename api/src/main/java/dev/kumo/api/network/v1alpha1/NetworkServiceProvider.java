package dev.kumo.api.network.v1alpha1;

/** What implements a network service. */
public enum NetworkServiceProvider {
  /** Distributed on every host: dnsmasq and metadata in a namespace per network, per-host EIP. */
  Flat,
  /** A virtual-router appliance VM per network. */
  VirtualRouter,
  /** nftables rules on each VM port. */
  SecurityGroup
}
