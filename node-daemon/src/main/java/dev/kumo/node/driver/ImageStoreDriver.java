package dev.kumo.node.driver;

import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Backup storage served by this host (ZStack's ImageStore backup storage): image files downloaded
 * from a URL and verified against their checksum.
 */
public interface ImageStoreDriver {
  /** Makes the store's directory usable and reports its physical room. */
  PoolStats connect(StoragePool store);

  /**
   * Downloads and verifies an image, or returns the stored copy. {@code progress} receives percent
   * values from 0 to 100, in increasing order. A checksum mismatch throws a {@link DriverException}
   * with reason {@link DriverException#CHECKSUM_MISMATCH} and leaves no file.
   */
  ImageFile download(StoragePool store, ImageDownload request, IntConsumer progress);

  /** The stored copy of an image, if any. */
  Optional<ImageFile> find(StoragePool store, String imageUid);

  /** Every image file on the store. */
  List<ImageFile> list(StoragePool store);

  /** Deletes an image file; does nothing when it is gone. */
  void delete(StoragePool store, String installPath);
}
