package dev.kumo.node.driver;

/**
 * The image a volume is cloned from: a copy on backup storage that the primary storage caches and
 * backs a qcow2 overlay with (kvmagent's createvolumefromcache).
 *
 * @param imageUid the Image's metadata.uid (the cache key on primary storage)
 * @param backupStorageHost management IP of the host serving the copy
 * @param installPath path of the copy on the backup storage
 * @param virtualSizeBytes virtual size of the image, the size of the new volume
 */
public record ImageSource(
    String imageUid, String backupStorageHost, String installPath, long virtualSizeBytes) {}
