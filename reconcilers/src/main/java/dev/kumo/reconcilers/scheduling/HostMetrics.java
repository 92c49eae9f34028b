package dev.kumo.reconcilers.scheduling;

/**
 * Average utilisation of a host over the monitoring window (ZStack averages about ten minutes), as
 * fractions in [0, 1]; null when unknown. Used by MinimumCPUUsage and MinimumMemoryUsage.
 *
 * @param cpuUsage average CPU utilisation, or null
 * @param memoryUsage average memory utilisation, or null
 */
public record HostMetrics(Double cpuUsage, Double memoryUsage) {}
