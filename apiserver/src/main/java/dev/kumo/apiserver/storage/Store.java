package dev.kumo.apiserver.storage;

import java.util.List;
import java.util.Optional;

/**
 * A key-value store with revisions, in etcd's model: every write gets the next cluster-wide
 * revision; a key's modRevision is the revision of its last write. Writes are compare-and-swap on
 * the key's modRevision, as kube-apiserver's etcd3 store issues them. All calls block; callers run
 * them off event-loop threads.
 */
public interface Store extends AutoCloseable {

  /**
   * A stored value.
   *
   * @param key full key, e.g. /registry/compute.kumo.dev/vminstances/default/vm-1
   * @param value the stored bytes (JSON)
   * @param createRevision revision of the key's creation
   * @param modRevision revision of the key's last write
   */
  record Kv(String key, byte[] value, long createRevision, long modRevision) {}

  /**
   * One page of a range read.
   *
   * @param kvs the values in key order
   * @param revision the revision the read was served at (the list's resourceVersion)
   * @param more whether keys after the last one remain
   * @param remaining how many keys remain after this page (0 when unknown or none)
   */
  record Page(List<Kv> kvs, long revision, boolean more, long remaining) {}

  /** The kind of change a watch reports. */
  enum EventType {
    /** A put that created the key (createRevision == modRevision). */
    ADDED,
    /** A put to an existing key. */
    MODIFIED,
    /**
     * A delete; {@link Event#kv()} has the key, no value, and modRevision = the delete's revision.
     */
    DELETED
  }

  /**
   * One change.
   *
   * @param type what happened
   * @param kv the key after the change (value null for DELETED; modRevision is the change's
   *     revision)
   * @param prev the key's value before the change, or null when it did not exist
   */
  record Event(EventType type, Kv kv, Kv prev) {
    public long revision() {
      return kv.modRevision();
    }
  }

  /** Receives a watch's changes, in revision order, on a store thread. */
  interface WatchListener {
    void onEvents(List<Event> events);

    /**
     * Every change up to {@code revision} has been reported, though none of them matched since the
     * last call (an etcd progress notification). Called on the same thread as {@link #onEvents}.
     */
    default void onProgress(long revision) {}

    /**
     * The watch ended with an error; {@link CompactedException} when the start revision is gone.
     */
    void onError(Throwable error);
  }

  /** A running watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Creates a key that must not exist.
   *
   * @param ttlSeconds when positive, the key is attached to a lease of that TTL and expires
   * @return the new key's modRevision
   * @throws KeyExistsException when the key exists
   */
  long create(String key, byte[] value, long ttlSeconds);

  /** Reads one key at the current revision (a linearizable read). */
  Optional<Kv> get(String key);

  /**
   * Reads a key from the local member without a quorum round (etcd's serializable read): possibly
   * stale on a multi-member cluster, so only for reads that a compare-and-swap guards, as
   * GuaranteedUpdate's first read.
   */
  default Optional<Kv> getSerializable(String key) {
    return get(key);
  }

  /**
   * Replaces a key's value if its modRevision is still {@code expectedModRevision}.
   *
   * @return the key after the write
   * @throws ConflictException when the key changed or was deleted meanwhile (carries the current
   *     value, or null when it is gone)
   */
  Kv update(String key, byte[] value, long expectedModRevision);

  /**
   * As {@link #update(String, byte[], long)}, attaching the key to a lease of {@code ttlSeconds}
   * when positive (an etcd put without a lease detaches the key from its old one).
   */
  Kv update(String key, byte[] value, long expectedModRevision, long ttlSeconds);

  /**
   * Deletes a key if its modRevision is still {@code expectedModRevision}.
   *
   * @return the revision of the delete
   * @throws ConflictException as for {@link #update}
   */
  long delete(String key, long expectedModRevision);

  /**
   * Reads keys with a prefix in key order.
   *
   * @param prefix key prefix, e.g. /registry/compute.kumo.dev/vminstances/
   * @param startKey first key to return (inclusive), or null to start at the prefix
   * @param limit at most this many keys; 0 for all
   * @param revision read at this revision; 0 for the current one
   * @throws CompactedException when {@code revision} has been compacted
   */
  Page list(String prefix, String startKey, int limit, long revision);

  /** The store's current revision. */
  long currentRevision();

  /**
   * Watches keys with a prefix from a revision (inclusive), with previous values.
   *
   * @param fromRevision first revision to report
   */
  Watch watch(String prefix, long fromRevision, WatchListener listener);

  /** Discards history before {@code revision}. */
  void compact(long revision);

  @Override
  void close();
}
