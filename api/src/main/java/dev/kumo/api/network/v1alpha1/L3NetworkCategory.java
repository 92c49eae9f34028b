package dev.kumo.api.network.v1alpha1;

/** What an L3 network is for (ZStack's L3 category). */
public enum L3NetworkCategory {
  /** Reachable from outside the cloud; source of elastic IPs and virtual-router uplinks. */
  Public,
  /** Tenant networks. */
  Private,
  /** Management and storage networks used by Kumo itself. */
  System
}
