package dev.kumo.apiserver.storage;

/**
 * A watch asked to resume from a revision older than the watch cache still holds events for (HTTP
 * 410 Gone, reason Expired); the client must list again.
 */
public final class TooOldResourceVersionException extends StoreException {
  private final long requested;
  private final long oldest;

  /**
   * @param requested the revision the client asked to resume after
   * @param oldest the oldest revision the cache can resume after
   */
  public TooOldResourceVersionException(long requested, long oldest) {
    super("too old resource version: " + requested + " (" + oldest + ")");
    this.requested = requested;
    this.oldest = oldest;
  }

  /** The revision the client asked to resume after. */
  public long requested() {
    return requested;
  }

  /** The oldest revision the cache can resume after. */
  public long oldest() {
    return oldest;
  }
}
