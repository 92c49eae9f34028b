package dev.kumo.api.compute.v1alpha1;

/** What creating a VM does (ZStack's VmCreationStrategy). */
public enum CreationStrategy {
  /** Allocate everything and start the VM (the default). */
  InstantStart,
  /** Only record the VM (state Created); nothing is allocated until spec.state asks it to run. */
  JustCreate,
  /** Allocate host, IPs and volumes and define the VM, but leave it Stopped. */
  CreateStopped
}
