/**
 * Reconcilers of PrimaryStorage and BackupStorage: attachment to clusters, capacity with
 * over-commit and ZStack's physical-capacity threshold, and the connection a controller can tell;
 * the in-use protection of Images, the controller side of Volumes (NotInstantiated until attached,
 * detached when their VM is gone) and VolumeSnapshots (owned by their volume, placed on its host,
 * deleted with their parent).
 */
package dev.kumo.reconcilers.storage;
