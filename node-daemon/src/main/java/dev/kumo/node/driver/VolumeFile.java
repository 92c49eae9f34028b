package dev.kumo.node.driver;

/**
 * A volume file on primary storage.
 *
 * @param volumeUid the Volume's metadata.uid, the key Kumo stores with the file
 * @param pool the PrimaryStorage it is on
 * @param installPath path of the file
 * @param sizeBytes virtual size
 * @param actualSizeBytes bytes the file takes
 * @param format on-disk format (qcow2)
 */
public record VolumeFile(
    String volumeUid,
    String pool,
    String installPath,
    long sizeBytes,
    long actualSizeBytes,
    String format) {}
