/**
 * Reconcilers of PrimaryStorage and BackupStorage: attachment to clusters, capacity with
 * over-commit and ZStack's physical-capacity threshold, and the connection a controller can tell;
 * and the in-use protection of Images.
 */
package dev.kumo.reconcilers.storage;
