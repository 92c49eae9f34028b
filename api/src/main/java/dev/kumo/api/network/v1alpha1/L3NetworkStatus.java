package dev.kumo.api.network.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about an L3 network. */
public class L3NetworkStatus extends KumoStatus {
  /** The subnet of the Normal ranges, e.g. 192.168.100.0/24. */
  public String cidr;

  /** The gateway of the Normal ranges. */
  public String gateway;

  /** Allocatable addresses in all ranges, minus reserved ones. */
  public Long totalIps;

  /** Addresses allocated (IpAddress objects). */
  public Long usedIps;

  /** Addresses still free. */
  public Long freeIps;
}
