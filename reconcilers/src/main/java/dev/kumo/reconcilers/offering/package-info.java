/**
 * Reconcilers of InstanceOffering and DiskOffering: validity, usage counts and in-use protection
 * (deletion waits while VMs or volumes refer to the offering).
 */
package dev.kumo.reconcilers.offering;
