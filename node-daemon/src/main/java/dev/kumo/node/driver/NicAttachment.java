package dev.kumo.node.driver;

/**
 * A VM NIC plugged into the host's network.
 *
 * @param vmUid the VmInstance uid
 * @param nic the NIC
 */
public record NicAttachment(String vmUid, DomainSpec.Nic nic) {}
