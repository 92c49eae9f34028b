package dev.kumo.apiserver.storage;

/** A compare-and-swap that lost: the key changed or disappeared since it was read. */
public final class ConflictException extends StoreException {
  private final transient Store.Kv current;

  public ConflictException(String key, Store.Kv current) {
    super("key changed: " + key);
    this.current = current;
  }

  /** The key's current value, or null when it no longer exists. */
  public Store.Kv current() {
    return current;
  }
}
