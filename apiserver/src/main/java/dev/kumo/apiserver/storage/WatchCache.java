package dev.kumo.apiserver.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's "cacher" for one key prefix (one resource type): a single store watch keeps an
 * in-memory copy of the current objects and a ring of recent events, and fans the events out to any
 * number of subscribers, so many watchers cost etcd one watch.
 *
 * <p>Objects are decoded once and shared by every snapshot and subscriber; treat them as immutable.
 * Each subscriber has its own bounded queue, drained in revision order by tasks on a small dispatch
 * pool (a few threads per cache, gone when idle); a subscriber that falls more than its queue's
 * capacity behind is ended with an error (as kube ends a slow watcher) rather than holding up the
 * others. Listeners should hand work off rather than block: a blocked callback holds one of the
 * pool's threads.
 *
 * <p>When the store watch fails (its start revision was compacted, for instance) the cache lists
 * again and emits the differences to its subscribers as ADDED, MODIFIED and DELETED events at the
 * new list's revision, as a reflector's relist would, so their streams stay consistent.
 *
 * @param <T> the decoded object type
 */
public final class WatchCache<T> implements AutoCloseable {
  /** Default bound on a subscriber's queue of undelivered events. */
  public static final int DEFAULT_SUBSCRIBER_QUEUE = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
  private static final int LIST_PAGE = 1000;
  private static final long MAX_RETRY_MILLIS = 5_000;
  private static final int DISPATCH_BATCH = 256;

  /** Turns a stored value into the cached object. */
  @FunctionalInterface
  public interface Codec<T> {
    /**
     * Decodes a value. For a deletion the cache passes the last value with modRevision set to the
     * delete's revision, as kube-apiserver reports deleted objects.
     */
    T decode(Store.Kv kv);
  }

  /**
   * A cached object.
   *
   * @param kv the stored key and value it was decoded from
   * @param object the decoded object, shared: do not modify
   */
  public record Entry<T>(Store.Kv kv, T object) {
    /** The object's key. */
    public String key() {
      return kv.key();
    }
  }

  /**
   * One change, as subscribers see it.
   *
   * @param type ADDED, MODIFIED or DELETED
   * @param key the object's key
   * @param object the object after the change; for DELETED its last state, with modRevision set to
   *     the deletion's revision
   * @param previous the object before the change, or null for ADDED
   * @param revision the change's revision
   */
  public record Event<T>(Store.EventType type, String key, T object, T previous, long revision) {}

  /**
   * The cached objects at one revision.
   *
   * @param revision the revision the snapshot reflects (a list's resourceVersion)
   * @param entries the objects in key order
   */
  public record Snapshot<T>(long revision, List<Entry<T>> entries) {
    /** The objects in key order. */
    public List<T> objects() {
      return entries.stream().map(Entry::object).toList();
    }
  }

  /** Receives one subscription's events, one call at a time, off the cache's threads. */
  public interface Listener<T> {
    /** The next event, in revision order. */
    void onEvent(Event<T> event);

    /**
     * Every event up to {@code revision} has been delivered: answers {@link
     * Subscription#requestBookmark()}.
     */
    default void onBookmark(long revision) {}

    /**
     * The subscription ended and no more calls follow: it fell too far behind, the cache closed, or
     * a callback threw.
     */
    void onError(Throwable error);
  }

  /** A live subscription. */
  public interface Subscription extends AutoCloseable {
    /**
     * Asks for a {@link Listener#onBookmark} call carrying the cache's current revision, delivered
     * after every event up to it.
     */
    void requestBookmark();

    /** Ends the subscription; a callback already running may still complete. */
    @Override
    void close();
  }

  /**
   * The result of {@link #snapshotAndSubscribe}.
   *
   * @param snapshot the objects now
   * @param subscription delivers every event after {@code snapshot.revision()}
   */
  public record SubscribedSnapshot<T>(Snapshot<T> snapshot, Subscription subscription) {}

  private final Store store;
  private final String prefix;
  private final Codec<T> codec;
  private final int subscriberQueue;

  /** Runs subscribers' dispatch tasks; a few threads, created on demand, shared fairly. */
  private final ThreadPoolExecutor dispatch;

  /** Relists after a failed watch, off the store's callback thread. */
  private final ThreadPoolExecutor recovery;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();

  // Guarded by lock. Only the thread applying changes (the store watch's callback or a relist)
  // replaces entries; readers copy under the lock.
  private TreeMap<String, Entry<T>> objects = new TreeMap<>();
  private final EventRing<Event<T>> recent;
  private final Set<Dispatcher> subscribers = new LinkedHashSet<>();
  private long revision;
  private long oldestResumable;
  private boolean started;
  private boolean ready;
  private boolean closed;
  private Store.Watch watch;

  /**
   * @param store where the objects live
   * @param prefix the key prefix to cache, e.g. {@code /registry/compute.kumo.dev/vminstances/}
   * @param codec decodes stored values
   * @param eventCapacity how many recent events are kept for resuming watches
   */
  public WatchCache(Store store, String prefix, Codec<T> codec, int eventCapacity) {
    this(store, prefix, codec, eventCapacity, DEFAULT_SUBSCRIBER_QUEUE);
  }

  /**
   * @param subscriberQueue how many undelivered events a subscriber may have before it is ended
   */
  public WatchCache(
      Store store, String prefix, Codec<T> codec, int eventCapacity, int subscriberQueue) {
    if (subscriberQueue < 1) {
      throw new IllegalArgumentException("subscriber queue must be positive: " + subscriberQueue);
    }
    this.store = store;
    this.prefix = prefix;
    this.codec = codec;
    this.subscriberQueue = subscriberQueue;
    this.recent = new EventRing<>(eventCapacity, Event::revision);
    int cores = Runtime.getRuntime().availableProcessors();
    this.dispatch = idlePool(Math.max(2, cores), "watch-cache " + prefix + " dispatch");
    this.recovery = idlePool(1, "watch-cache " + prefix + " relist");
  }

  /** A pool of up to {@code threads} daemon threads that end after a minute without work. */
  private static ThreadPoolExecutor idlePool(int threads, String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread thread = new Thread(r, name + " #" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Lists the prefix and starts watching from the list's revision + 1.
   *
   * @throws StoreException when the store cannot be read
   */
  public void start() {
    lock.lock();
    try {
      if (started || closed) {
        throw new IllegalStateException("watch cache for " + prefix + " already started");
      }
      started = true;
    } finally {
      lock.unlock();
    }
    try {
      long listed = relist();
      openWatch(listed + 1);
    } catch (RuntimeException e) {
      lock.lock();
      try {
        started = false; // Let the caller try again.
      } finally {
        lock.unlock();
      }
      throw e;
    }
    lock.lock();
    try {
      ready = true;
    } finally {
      lock.unlock();
    }
  }

  /** The key prefix this cache holds. */
  public String prefix() {
    return prefix;
  }

  /** The revision the cache is up to date with: the latest change or etcd progress it has seen. */
  public long revision() {
    lock.lock();
    try {
      return revision;
    } finally {
      lock.unlock();
    }
  }

  /** All cached objects in key order, with the revision they reflect. */
  public Snapshot<T> snapshot() {
    lock.lock();
    try {
      requireRunning();
      return new Snapshot<>(revision, List.copyOf(objects.values()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the cache has seen {@code minRevision}, e.g. the store's current revision before a
   * consistent list is served from the cache.
   *
   * @throws TooLargeResourceVersionException when the cache is still behind after {@code timeout}
   */
  public void waitUntilFresh(long minRevision, Duration timeout) {
    lock.lock();
    try {
      long remaining = timeout.toNanos();
      while (revision < minRevision) {
        requireRunning();
        if (remaining <= 0) {
          throw new TooLargeResourceVersionException(minRevision, revision);
        }
        remaining = advanced.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the " + prefix + " cache", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Subscribes to every event with a revision greater than {@code sinceRevision}: first those still
   * in the ring of recent events, then live ones, in order.
   *
   * @param sinceRevision the revision the subscriber is up to date with; 0 for "from now"
   * @throws TooOldResourceVersionException when events after {@code sinceRevision} have left the
   *     ring
   */
  public Subscription subscribe(long sinceRevision, Listener<T> listener) {
    lock.lock();
    try {
      requireRunning();
      long since = sinceRevision == 0 ? revision : sinceRevision;
      if (since < oldestResumable) {
        throw new TooOldResourceVersionException(since, oldestResumable);
      }
      return register(listener, since, recent.after(since));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a snapshot and subscribes to every event after it, atomically: nothing is missed or seen
   * twice between the two (the basis of a watch from resourceVersion 0 or "").
   */
  public SubscribedSnapshot<T> snapshotAndSubscribe(Listener<T> listener) {
    lock.lock();
    try {
      requireRunning();
      Snapshot<T> snapshot = new Snapshot<>(revision, List.copyOf(objects.values()));
      return new SubscribedSnapshot<>(snapshot, register(listener, revision, List.of()));
    } finally {
      lock.unlock();
    }
  }

  /** Stops the store watch and ends every subscription with an error. */
  @Override
  public void close() {
    List<Dispatcher> ended;
    Store.Watch running;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      ended = new ArrayList<>(subscribers);
      subscribers.clear();
      running = watch;
      watch = null;
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    // Outside the lock: the watch may be delivering into this cache right now.
    if (running != null) {
      running.close();
    }
    StoreException error = new StoreException("watch cache for " + prefix + " closed");
    ended.forEach(d -> d.end(error));
    dispatch.shutdown();
    recovery.shutdownNow();
  }

  private void requireRunning() {
    if (closed) {
      throw new StoreException("watch cache for " + prefix + " closed");
    }
    if (!ready) {
      throw new IllegalStateException("watch cache for " + prefix + " not started");
    }
  }

  private Dispatcher register(Listener<T> listener, long since, List<Event<T>> backlog) {
    Dispatcher dispatcher = new Dispatcher(listener, since, backlog);
    subscribers.add(dispatcher);
    return dispatcher;
  }

  // ---- Keeping up with the store ----

  private void openWatch(long fromRevision) {
    WatchFeed feed = new WatchFeed();
    Store.Watch opened = store.watch(prefix, fromRevision, feed);
    lock.lock();
    try {
      if (!closed && feed.live) {
        watch = opened;
        return;
      }
    } finally {
      lock.unlock();
    }
    opened.close();
  }

  /** Receives the store watch; a failed feed is replaced by a relist and a new feed. */
  private final class WatchFeed implements Store.WatchListener {
    private volatile boolean live = true;

    @Override
    public void onEvents(List<Store.Event> events) {
      if (live) {
        apply(events);
      }
    }

    @Override
    public void onProgress(long progress) {
      if (live) {
        advanceTo(progress);
      }
    }

    @Override
    public void onError(Throwable error) {
      if (!live) {
        return;
      }
      live = false;
      LOG.info("watch on {} ended ({}); listing again", prefix, error.getMessage());
      submit(recovery, WatchCache.this::recover);
    }
  }

  private void recover() {
    Store.Watch failed;
    lock.lock();
    try {
      failed = watch;
      watch = null;
    } finally {
      lock.unlock();
    }
    if (failed != null) {
      failed.close();
    }
    long delay = 100;
    while (!isClosed()) {
      try {
        long listed = relist();
        openWatch(listed + 1);
        return;
      } catch (RuntimeException e) {
        LOG.warn("relisting {} failed ({}); retrying in {} ms", prefix, e.getMessage(), delay);
        try {
          Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        delay = Math.min(delay * 2, MAX_RETRY_MILLIS);
      }
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lists the prefix at one revision, replaces the cached objects and tells subscribers what
   * changed. Events before the list are no longer resumable from.
   *
   * @return the list's revision
   */
  private long relist() {
    List<Store.Kv> listed = new ArrayList<>();
    long at = 0;
    String start = null;
    Store.Page page;
    do {
      page = store.list(prefix, start, LIST_PAGE, at);
      at = page.revision();
      listed.addAll(page.kvs());
      if (!page.kvs().isEmpty()) {
        start = page.kvs().get(page.kvs().size() - 1).key() + "\0";
      }
    } while (page.more());
    TreeMap<String, Entry<T>> fresh = new TreeMap<>();
    for (Store.Kv kv : listed) {
      T object = decodeOrNull(kv);
      if (object != null) {
        fresh.put(kv.key(), new Entry<>(kv, object));
      }
    }
    lock.lock();
    try {
      List<Event<T>> changes = diff(objects, fresh, at);
      objects = fresh;
      recent.clear();
      oldestResumable = at;
      revision = Math.max(revision, at);
      for (Event<T> change : changes) {
        subscribers.forEach(d -> d.offer(change));
      }
      advanced.signalAll();
      return at;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The events that turn {@code before} into {@code after}, all at {@code revision}. Unchanged
   * entries keep their decoded object.
   */
  private List<Event<T>> diff(
      Map<String, Entry<T>> before, TreeMap<String, Entry<T>> after, long revision) {
    List<Event<T>> changes = new ArrayList<>();
    for (Entry<T> old : before.values()) {
      if (!after.containsKey(old.key())) {
        T last = deletedObject(old, revision);
        changes.add(new Event<>(Store.EventType.DELETED, old.key(), last, old.object(), revision));
      }
    }
    for (Map.Entry<String, Entry<T>> fresh : after.entrySet()) {
      Entry<T> old = before.get(fresh.getKey());
      Entry<T> now = fresh.getValue();
      if (old == null) {
        changes.add(new Event<>(Store.EventType.ADDED, now.key(), now.object(), null, revision));
      } else if (old.kv().modRevision() != now.kv().modRevision()) {
        changes.add(
            new Event<>(Store.EventType.MODIFIED, now.key(), now.object(), old.object(), revision));
      } else {
        fresh.setValue(old);
      }
    }
    return changes;
  }

  /** Applies watch events in order; decoding happens before taking the lock. */
  private void apply(List<Store.Event> events) {
    List<T> decoded = new ArrayList<>(events.size());
    for (Store.Event event : events) {
      if (event.type() == Store.EventType.DELETED) {
        decoded.add(
            event.prev() == null ? null : decodeOrNull(deletedKv(event.prev(), event.revision())));
      } else {
        decoded.add(decodeOrNull(event.kv()));
      }
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      for (int i = 0; i < events.size(); i++) {
        Event<T> change = applyOne(events.get(i), decoded.get(i));
        if (change != null) {
          Event<T> evicted = recent.add(change);
          if (evicted != null) {
            oldestResumable = Math.max(oldestResumable, evicted.revision());
          }
          subscribers.forEach(d -> d.offer(change));
        }
      }
      revision = Math.max(revision, events.get(events.size() - 1).revision());
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Event<T> applyOne(Store.Event event, T object) {
    String key = event.kv().key();
    Entry<T> old = objects.get(key);
    if (event.type() == Store.EventType.DELETED) {
      if (old == null) {
        LOG.warn(
            "{}: deletion of {} at {} that the cache did not hold", prefix, key, event.revision());
        return null;
      }
      objects.remove(key);
      T last = object != null ? object : deletedObject(old, event.revision());
      return new Event<>(Store.EventType.DELETED, key, last, old.object(), event.revision());
    }
    if (object == null) {
      return null; // Undecodable; logged.
    }
    objects.put(key, new Entry<>(event.kv(), object));
    Store.EventType type = old == null ? Store.EventType.ADDED : Store.EventType.MODIFIED;
    return new Event<>(type, key, object, old == null ? null : old.object(), event.revision());
  }

  private void advanceTo(long progress) {
    lock.lock();
    try {
      if (progress > revision) {
        revision = progress;
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private T deletedObject(Entry<T> last, long deletedAt) {
    T object = decodeOrNull(deletedKv(last.kv(), deletedAt));
    return object != null ? object : last.object();
  }

  /** The last value of a deleted key, stamped with the deletion's revision. */
  private static Store.Kv deletedKv(Store.Kv last, long deletedAt) {
    return new Store.Kv(last.key(), last.value(), last.createRevision(), deletedAt);
  }

  private T decodeOrNull(Store.Kv kv) {
    try {
      return codec.decode(kv);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: cannot decode {} at revision {}; skipped", prefix, kv.key(), kv.modRevision(), e);
      return null;
    }
  }

  private void submit(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException cacheClosed) {
      LOG.debug("{}: cache closed, task dropped", prefix);
    }
  }

  // ---- Fan-out ----

  /** One subscriber's queue, drained in order by at most one task at a time. */
  private final class Dispatcher implements Subscription {
    private final Listener<T> listener;
    private final long since;

    // Guarded by this.
    private final ArrayDeque<Object> queue;
    private int backlog;
    private boolean draining;
    private boolean ended;

    Dispatcher(Listener<T> listener, long since, List<Event<T>> backlog) {
      this.listener = listener;
      this.since = since;
      this.queue = new ArrayDeque<>(backlog);
      this.backlog = backlog.size();
      if (!backlog.isEmpty()) {
        draining = true;
        submit(dispatch, this::drain);
      }
    }

    /** Queues a live event; called holding the cache lock, so in revision order. */
    synchronized void offer(Event<T> event) {
      if (ended || event.revision() <= since) {
        return;
      }
      if (queue.size() - backlog >= subscriberQueue) {
        endLocked(
            new StoreException(
                "watch on "
                    + prefix
                    + " fell behind: more than "
                    + subscriberQueue
                    + " events undelivered"));
        removeLater();
        return;
      }
      queue.add(event);
      scheduleLocked();
    }

    @Override
    public void requestBookmark() {
      lock.lock();
      try {
        long at = Math.max(since, revision);
        synchronized (this) {
          if (!ended) {
            queue.add(new Bookmark(at));
            scheduleLocked();
          }
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        ended = true;
        queue.clear();
        backlog = 0;
      }
      remove();
    }

    /** Ends the subscription, delivering {@code error} after the callback in progress, if any. */
    synchronized void end(Throwable error) {
      endLocked(error);
    }

    private void endLocked(Throwable error) {
      if (ended) {
        return;
      }
      ended = true;
      queue.clear();
      backlog = 0;
      queue.add(new Ending(error));
      scheduleLocked();
    }

    private void scheduleLocked() {
      if (!draining) {
        draining = true;
        submit(dispatch, this::drain);
      }
    }

    private void removeLater() {
      // offer() runs holding the cache lock, so the set cannot be changed from here directly.
      submit(dispatch, this::remove);
    }

    private void remove() {
      lock.lock();
      try {
        subscribers.remove(this);
      } finally {
        lock.unlock();
      }
    }

    /**
     * Delivers queued items; after a batch it yields its thread to other subscribers and continues
     * in a new task, so a busy subscriber cannot monopolise the dispatch threads.
     */
    private void drain() {
      for (int delivered = 0; ; delivered++) {
        Object item;
        synchronized (this) {
          if (delivered == DISPATCH_BATCH && !queue.isEmpty()) {
            submit(dispatch, this::drain);
            return;
          }
          item = queue.poll();
          if (item == null) {
            draining = false;
            return;
          }
          if (backlog > 0) {
            backlog--;
          }
        }
        deliver(item);
      }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object item) {
      try {
        if (item instanceof Ending ending) {
          listener.onError(ending.error());
        } else if (item instanceof Bookmark bookmark) {
          listener.onBookmark(bookmark.revision());
        } else {
          listener.onEvent((Event<T>) item);
        }
      } catch (RuntimeException e) {
        if (item instanceof Ending) {
          LOG.warn("{}: a subscriber's onError threw", prefix, e);
        } else {
          end(e);
          remove();
        }
      }
    }
  }

  private record Bookmark(long revision) {}

  private record Ending(Throwable error) {}
}
