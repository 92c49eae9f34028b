package dev.kumo.node.driver;

import java.util.List;

/**
 * The host's side of a VM NIC: the virtual switch port (OVS port with the L2 network's VLAN tag or
 * VXLAN tunnel) and the distributed DHCP entry (a dnsmasq static lease mac → ip in the L3's
 * namespace), i.e. kvmagent's network_plugin and mevoco dhcp/apply. Idempotent.
 */
public interface NetworkDriver {
  /** Attaches the NIC, or updates its attachment when the address changed. */
  void plug(String vmUid, DomainSpec.Nic nic);

  /** Detaches every NIC of the VM; does nothing when it has none. */
  void unplugAll(String vmUid);

  /** Every attached NIC. */
  List<NicAttachment> list();
}
