package dev.kumo.apiserver.storage;

/**
 * The watch cache did not reach a requested revision in time (kube-apiserver answers 504 with
 * reason Timeout, cause ResourceVersionTooLarge, and a Retry-After of one second).
 */
public final class TooLargeResourceVersionException extends StoreException {
  private final long requested;
  private final long current;

  /**
   * @param requested the revision waited for
   * @param current the cache's revision when the wait gave up
   */
  public TooLargeResourceVersionException(long requested, long current) {
    super("Too large resource version: " + requested + ", current: " + current);
    this.requested = requested;
    this.current = current;
  }

  /** The revision waited for. */
  public long requested() {
    return requested;
  }

  /** The cache's revision when the wait gave up. */
  public long current() {
    return current;
  }
}
