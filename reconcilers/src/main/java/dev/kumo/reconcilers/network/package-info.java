/**
 * Reconcilers of L2Network, L3Network and IpAddress: attachment to clusters, ZStack's IP range
 * rules across the L3 networks of one L2, address counts, in-use protection of L3 networks and the
 * sweep of addresses whose VM is gone.
 */
package dev.kumo.reconcilers.network;
