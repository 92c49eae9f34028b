package dev.kumo.node.driver;

/**
 * An image stored on backup storage.
 *
 * @param imageUid the Image's metadata.uid
 * @param store the BackupStorage
 * @param installPath path of the file
 * @param virtualSizeBytes virtual size (the size of a volume made from it)
 * @param actualSizeBytes bytes the file takes
 * @param checksum checksum of the file as algorithm:hex
 */
public record ImageFile(
    String imageUid,
    String store,
    String installPath,
    long virtualSizeBytes,
    long actualSizeBytes,
    String checksum) {}
