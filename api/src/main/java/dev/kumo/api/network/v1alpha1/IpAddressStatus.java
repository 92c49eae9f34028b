package dev.kumo.api.network.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** The subnet details of an allocated address. */
public class IpAddressStatus extends KumoStatus {
  /** Name of the range the address came from. */
  public String ipRange;

  /** Prefix length of the address's subnet. */
  public Integer prefixLength;

  /** Gateway of the address's subnet. */
  public String gateway;
}
