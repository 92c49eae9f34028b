package dev.kumo.node.driver;

/**
 * A request to register an image on backup storage.
 *
 * @param imageUid the Image's metadata.uid
 * @param url where to fetch it (http(s) or file://)
 * @param checksum algorithm:hex the file must match, or null to only compute one
 * @param format qcow2, raw or iso
 */
public record ImageDownload(String imageUid, String url, String checksum, String format) {}
