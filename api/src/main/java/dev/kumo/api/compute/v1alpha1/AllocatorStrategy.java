package dev.kumo.api.compute.v1alpha1;

/** How the scheduler orders the hosts that can take a VM (ZStack's host allocator strategies). */
public enum AllocatorStrategy {
  /** The host with the fewest VMs first (ZStack's default). */
  LeastVmPreferred,
  /** The host with the lowest recent CPU utilisation first. */
  MinimumCPUUsage,
  /** The host with the lowest recent memory utilisation first. */
  MinimumMemoryUsage,
  /** Any host with fewer than maxInstancePerHost VMs. */
  MaxInstancePerHost
}
