package dev.kumo.reconcilers.scheduling;

/**
 * What a host can give to VMs in total, after over-commit and reserve (ZStack's {@code
 * HostCapacityVO.totalCpu}/{@code totalMemory} minus the reserve).
 *
 * @param cpu allocatable vCPUs
 * @param memoryBytes allocatable memory in bytes
 */
public record Allocatable(int cpu, long memoryBytes) {}
