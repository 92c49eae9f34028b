package dev.kumo.api.network.v1alpha1;

/** Kinds of L2 network. */
public enum L2NetworkType {
  /** The physical interface's own untagged network. */
  NoVlan,
  /** An 802.1Q VLAN on the physical interface. */
  Vlan,
  /** A pool of VXLAN network identifiers from which Vxlan networks are made. */
  VxlanPool,
  /** One VXLAN segment, tunnelled between the hosts of the attached clusters. */
  Vxlan
}
