package dev.kumo.reconcilers.scheduling;

/**
 * Capacity held on a host for one VM.
 *
 * @param vmKey {@code namespace/name} of the VM
 * @param host the host the capacity is held on
 * @param cpu vCPUs held
 * @param memoryBytes memory held
 * @param group {@code namespace/name} of the VM's affinity group, or null
 * @param primaryStorage the primary storage chosen for the root volume, or null
 * @param diskBytes root-volume bytes promised on that primary storage until bound
 */
public record Reservation(
    String vmKey,
    String host,
    int cpu,
    long memoryBytes,
    String group,
    String primaryStorage,
    long diskBytes) {}
