/**
 * Reconcilers of the infrastructure kinds Zone, Cluster and Host (ZStack's zone, cluster and host
 * managers re-expressed as reconcile loops), the helpers every infrastructure reconciler shares
 * (informer event sources, conditions, Events, the cascade's ownerReferences) and {@link
 * dev.kumo.reconcilers.infra.InfraReconcilers}, which lists the reconcilers of this package and of
 * {@code storage}, {@code network} and {@code offering} for the controller manager.
 */
package dev.kumo.reconcilers.infra;
