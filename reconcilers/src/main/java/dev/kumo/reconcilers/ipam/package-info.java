/**
 * The pure IP address planner for L3 networks (ZStack's IPAM, DESIGN §4): which address to allocate
 * next under each {@link dev.kumo.api.network.v1alpha1.IpAllocationStrategy}, whether a static
 * address may be taken, the deterministic {@code IpAddress} object name that makes creation the
 * lock, per-L2 MAC generation and the counts for {@code L3Network.status}. Nothing here talks to an
 * API server.
 */
package dev.kumo.reconcilers.ipam;
