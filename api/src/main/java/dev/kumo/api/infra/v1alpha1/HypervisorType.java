package dev.kumo.api.infra.v1alpha1;

/** The hypervisor a cluster's hosts run. */
public enum HypervisorType {
  /** libvirt/QEMU, with KVM acceleration where the host has it and TCG otherwise. */
  KVM,
  /** Kumo's in-memory simulator driver, for scale tests and machines without libvirt. */
  Simulator
}
