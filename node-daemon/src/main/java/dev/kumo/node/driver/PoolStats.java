package dev.kumo.node.driver;

/**
 * Physical room of a storage pool as the host sees it (kvmagent's getphysicalcapacity).
 *
 * @param totalBytes size of the file system holding the pool
 * @param availableBytes free bytes on it
 */
public record PoolStats(long totalBytes, long availableBytes) {}
