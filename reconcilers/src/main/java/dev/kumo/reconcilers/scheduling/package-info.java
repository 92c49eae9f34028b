/**
 * The pure host-allocation planner for VM instances: ZStack's host allocator (a filter chain
 * followed by a strategy sort) over a {@link dev.kumo.reconcilers.scheduling.CapacityLedger}, the
 * leader's "assume then bind" capacity cache that can always be rebuilt from the VMs' status.
 *
 * <p>Entry point: {@link dev.kumo.reconcilers.scheduling.HostScheduler}.
 */
package dev.kumo.reconcilers.scheduling;
