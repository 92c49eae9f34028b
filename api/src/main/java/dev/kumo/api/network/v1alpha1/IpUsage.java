package dev.kumo.api.network.v1alpha1;

/** What an allocated address is used for. */
public enum IpUsage {
  /** A VM's NIC. */
  VmNic,
  /** A virtual IP (EIP, port forwarding, load balancer). */
  Vip,
  /** Kumo's own use: DHCP server, virtual-router interface. */
  System
}
