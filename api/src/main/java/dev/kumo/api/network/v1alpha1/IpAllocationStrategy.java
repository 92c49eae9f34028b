package dev.kumo.api.network.v1alpha1;

/** How free addresses are picked from an L3 network's ranges. */
public enum IpAllocationStrategy {
  /** A random free address (ZStack's default): concurrent allocations rarely collide. */
  Random,
  /** The lowest free address. */
  FirstAvailable,
  /** Ascending from the last allocation, so a released address is reused only after wrapping. */
  AscendingDelayRecycle
}
