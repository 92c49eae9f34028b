package dev.kumo.reconcilers.config;

/** ZStack's {@code vm.deletionPolicy}: what deleting a VM does to its volumes and addresses. */
public enum DeletionPolicy {
  /** Delete the VM's volumes and release its addresses at once. */
  Direct,
  /**
   * Destroy the domain and release the host's capacity, but keep the VM's volumes and addresses
   * until the expunge period ends; re-creating the VM (same namespace and name) before then
   * recovers them.
   */
  Delay,
  /** Like Delay, but never expunge: the volumes and addresses stay until deleted by hand. */
  Never
}
