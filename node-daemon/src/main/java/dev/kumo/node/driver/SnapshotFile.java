package dev.kumo.node.driver;

/**
 * A snapshot of a volume on primary storage: a frozen link of the volume's qcow2 chain. Snapshots
 * of one volume form a tree; the volume's live file sits on top of one of them.
 *
 * @param snapshotUid the VolumeSnapshot's metadata.uid, the key Kumo stores with the file
 * @param volumeUid the uid of the Volume it was taken of
 * @param pool the PrimaryStorage it is on
 * @param installPath path of the snapshot file
 * @param parentUid the snapshot the volume sat on when this one was taken, or null for a root
 * @param sizeBytes bytes the snapshot takes
 * @param volumeSizeBytes virtual size of the volume when the snapshot was taken
 */
public record SnapshotFile(
    String snapshotUid,
    String volumeUid,
    String pool,
    String installPath,
    String parentUid,
    long sizeBytes,
    long volumeSizeBytes) {}
