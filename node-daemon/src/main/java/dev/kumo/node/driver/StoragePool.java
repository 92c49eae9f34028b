package dev.kumo.node.driver;

/**
 * A directory of files the host uses: a PrimaryStorage (LocalStorage, NFS, SharedMountPoint) or an
 * ImageStore BackupStorage.
 *
 * @param name the PrimaryStorage or BackupStorage name
 * @param type its spec.type, e.g. LocalStorage, NFS or ImageStore (decides how to mount it)
 * @param url its spec.url: a directory, or server:/export for NFS
 */
public record StoragePool(String name, String type, String url) {}
