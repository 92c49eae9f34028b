package dev.kumo.api.network.v1alpha1;

/** Kinds of IP range. */
public enum IpRangeType {
  Normal,
  AddressPool
}
