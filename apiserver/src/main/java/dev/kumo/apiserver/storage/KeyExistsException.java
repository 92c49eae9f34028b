package dev.kumo.apiserver.storage;

/** A create of a key that exists. */
public final class KeyExistsException extends StoreException {
  public KeyExistsException(String key) {
    super("key exists: " + key);
  }
}
