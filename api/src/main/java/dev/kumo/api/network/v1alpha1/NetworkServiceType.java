package dev.kumo.api.network.v1alpha1;

/** Network services an L3 network can offer. */
public enum NetworkServiceType {
  DHCP,
  DNS,
  UserData,
  SNAT,
  EIP,
  PortForwarding,
  LoadBalancer,
  SecurityGroup,
  VipQos
}
