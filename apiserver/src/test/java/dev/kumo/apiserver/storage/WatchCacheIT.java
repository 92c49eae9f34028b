package dev.kumo.apiserver.storage;

import static dev.kumo.apiserver.storage.EtcdStoreIT.bytes;
import static dev.kumo.apiserver.storage.EtcdStoreIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.apiserver.storage.Store.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WatchCacheIT {
  @RegisterExtension static final EtcdTestSupport etcd = new EtcdTestSupport();

  /** What the test codec decodes a value to. */
  record Item(String key, String value, long revision) {}

  private static final WatchCache.Codec<Item> CODEC =
      kv -> new Item(kv.key(), text(kv.value()), kv.modRevision());

  private EtcdStore store;
  private String prefix;
  private final List<WatchCache<Item>> caches = new ArrayList<>();

  @BeforeEach
  void connect() {
    store = etcd.newStore();
    prefix = etcd.uniquePrefix("cache");
  }

  @AfterEach
  void closeCaches() {
    caches.forEach(WatchCache::close);
  }

  @Test
  void listsThenFollowsChangesWithPreviousObjects() throws InterruptedException {
    long a = store.create(prefix + "a", bytes("a1"), 0);
    long b = store.create(prefix + "b", bytes("b1"), 0);
    WatchCache<Item> cache = started(store, 100);
    WatchCache.Snapshot<Item> before = cache.snapshot();
    assertEquals(List.of(item("a", "a1", a), item("b", "b1", b)), before.objects());
    assertTrue(before.revision() >= b);

    Recorder recorder = new Recorder();
    cache.subscribe(0, recorder);
    long c = store.create(prefix + "c", bytes("c1"), 0);
    long a2 = store.update(prefix + "a", bytes("a2"), a).modRevision();
    long deleted = store.delete(prefix + "b", b);

    WatchCache.Event<Item> added = recorder.next();
    assertEquals(EventType.ADDED, added.type());
    assertEquals(item("c", "c1", c), added.object());
    assertNull(added.previous());
    WatchCache.Event<Item> modified = recorder.next();
    assertEquals(EventType.MODIFIED, modified.type());
    assertEquals(item("a", "a2", a2), modified.object());
    assertSame(before.objects().get(0), modified.previous(), "objects are shared, not copied");
    WatchCache.Event<Item> removed = recorder.next();
    assertEquals(EventType.DELETED, removed.type());
    assertEquals(deleted, removed.revision());
    assertEquals(item("b", "b1", deleted), removed.object(), "stamped with the delete revision");
    assertEquals(item("b", "b1", b), removed.previous());

    cache.waitUntilFresh(deleted, Duration.ofSeconds(5));
    assertEquals(List.of(item("a", "a2", a2), item("c", "c1", c)), cache.snapshot().objects());
  }

  @Test
  void subscribeReplaysRecentEventsThenLiveOnes() throws InterruptedException {
    WatchCache<Item> cache = started(store, 100);
    List<Long> revisions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      revisions.add(store.create(prefix + "k" + i, bytes("v"), 0));
    }
    cache.waitUntilFresh(revisions.get(4), Duration.ofSeconds(5));

    Recorder recorder = new Recorder();
    cache.subscribe(revisions.get(1), recorder);
    revisions.add(store.create(prefix + "k5", bytes("v"), 0));
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(recorder.next().revision());
    }
    assertEquals(revisions.subList(2, 6), seen);
  }

  @Test
  void resumingFromBeforeTheRecentEventsIsTooOld() {
    WatchCache<Item> cache = started(store, 3);
    List<Long> revisions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      revisions.add(store.create(prefix + "k" + i, bytes("v"), 0));
    }
    cache.waitUntilFresh(revisions.get(5), Duration.ofSeconds(5));

    // The ring holds the last three events; resuming after the fourth-last is still complete.
    TooOldResourceVersionException tooOld =
        assertThrows(
            TooOldResourceVersionException.class,
            () -> cache.subscribe(revisions.get(1), new Recorder()));
    assertEquals(
        "too old resource version: " + revisions.get(1) + " (" + revisions.get(2) + ")",
        tooOld.getMessage());
    cache.subscribe(revisions.get(2), new Recorder()).close();
  }

  @Test
  void waitUntilFreshAdvancesOnProgressWithoutEventsUnderThePrefix() {
    WatchCache<Item> cache = started(store, 100);
    store.create(etcd.uniquePrefix("elsewhere") + "x", bytes("v"), 0);
    long current = store.currentRevision();
    cache.waitUntilFresh(current, Duration.ofSeconds(5));
    assertTrue(cache.revision() >= current);

    TooLargeResourceVersionException tooLarge =
        assertThrows(
            TooLargeResourceVersionException.class,
            () -> cache.waitUntilFresh(current + 1000, Duration.ofMillis(300)));
    assertTrue(tooLarge.getMessage().startsWith("Too large resource version: " + (current + 1000)));
  }

  @Test
  void aSlowSubscriberIsEndedWithoutHoldingUpOthers() throws InterruptedException {
    WatchCache<Item> cache = started(store, 100, 5);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Throwable> slowErrors = new LinkedBlockingQueue<>();
    cache.subscribe(
        0,
        new WatchCache.Listener<>() {
          @Override
          public void onEvent(WatchCache.Event<Item> event) {
            awaitQuietly(release);
          }

          @Override
          public void onError(Throwable error) {
            slowErrors.add(error);
          }
        });
    Recorder fast = new Recorder();
    cache.subscribe(0, fast);
    for (int i = 0; i < 20; i++) {
      store.create(prefix + "k" + i, bytes("v"), 0);
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(prefix + "k" + i, fast.next().key());
    }
    release.countDown();
    Throwable error = slowErrors.poll(5, TimeUnit.SECONDS);
    assertTrue(error != null && error.getMessage().contains("fell behind"), String.valueOf(error));
    assertTrue(fast.errors.isEmpty());
  }

  @Test
  void aBookmarkFollowsTheEventsBeforeIt() throws InterruptedException {
    WatchCache<Item> cache = started(store, 100);
    Recorder recorder = new Recorder();
    WatchCache.Subscription subscription = cache.subscribe(0, recorder);
    long last = 0;
    for (int i = 0; i < 3; i++) {
      last = store.create(prefix + "k" + i, bytes("v"), 0);
    }
    cache.waitUntilFresh(last, Duration.ofSeconds(5));
    subscription.requestBookmark();
    assertTrue(recorder.awaitBookmark(last));
    assertEquals(3, recorder.events.size(), "every event arrives before the bookmark");
  }

  @Test
  void aFailedWatchIsReplacedByARelistThatEmitsTheDifferences() throws InterruptedException {
    FaultyStore faulty = new FaultyStore(store);
    long a = store.create(prefix + "a", bytes("a1"), 0);
    long b = store.create(prefix + "b", bytes("b1"), 0);
    store.create(prefix + "c", bytes("c1"), 0);
    WatchCache<Item> cache = started(faulty, 100);
    Recorder recorder = new Recorder();
    WatchCache.SubscribedSnapshot<Item> start = cache.snapshotAndSubscribe(recorder);
    long beforeOutage = start.snapshot().revision();

    // The watch silently misses these changes, then fails as a compacted watch would.
    faulty.dropping = true;
    store.update(prefix + "a", bytes("a2"), a);
    store.delete(prefix + "b", b);
    store.create(prefix + "d", bytes("d1"), 0);
    faulty.dropping = false;
    faulty.failWatches();

    List<WatchCache.Event<Item>> diff = List.of(recorder.next(), recorder.next(), recorder.next());
    assertEquals(
        List.of(EventType.ADDED, EventType.MODIFIED, EventType.DELETED),
        diff.stream().map(WatchCache.Event::type).sorted().toList());
    long relisted = diff.get(0).revision();
    assertTrue(diff.stream().allMatch(e -> e.revision() == relisted));
    assertEquals(relisted, cache.revision());
    assertThrows(
        TooOldResourceVersionException.class, () -> cache.subscribe(beforeOutage, new Recorder()));

    long e = store.create(prefix + "e", bytes("e1"), 0);
    assertEquals(item("e", "e1", e), recorder.next().object());
    cache.waitUntilFresh(e, Duration.ofSeconds(5));
    assertEquals(
        stateAt(store.currentRevision()),
        replay(toMap(start.snapshot().objects()), recorder.events));
  }

  @Test
  void anEtcdCrashAndRestartLosesAndRepeatsNothing() throws InterruptedException {
    WatchCache<Item> cache = started(store, 100);
    Recorder recorder = new Recorder();
    WatchCache.SubscribedSnapshot<Item> start = cache.snapshotAndSubscribe(recorder);
    store.create(prefix + "a", bytes("a1"), 0);
    long b = store.create(prefix + "b", bytes("b1"), 0);
    etcd.crashAndRestart();
    store.update(prefix + "b", bytes("b2"), b);
    long c = store.create(prefix + "c", bytes("c1"), 0);

    cache.waitUntilFresh(c, Duration.ofSeconds(10));
    start.subscription().requestBookmark();
    assertTrue(recorder.awaitBookmark(c));
    assertEquals(4, recorder.events.size(), recorder.events.toString());
    assertEquals(
        stateAt(store.currentRevision()),
        replay(toMap(start.snapshot().objects()), recorder.events));
  }

  @Test
  void closingTheCacheEndsSubscriptions() throws InterruptedException {
    WatchCache<Item> cache = started(store, 100);
    Recorder recorder = new Recorder();
    cache.subscribe(0, recorder);
    cache.close();
    assertInstanceOf(StoreException.class, recorder.errors.poll(5, TimeUnit.SECONDS));
    assertThrows(StoreException.class, cache::snapshot);
  }

  /**
   * 2,000 creates, updates and deletes from 16 threads while subscribers join at random revisions:
   * every subscriber's stream, replayed over its starting state, ends at etcd's final state, and
   * every key's events chain without gaps.
   */
  @Test
  void concurrentWritesReachEverySubscriberWithoutLossOrDuplicates() throws Exception {
    WatchCache<Item> cache = started(store, 10_000);
    long startRevision = cache.revision();
    List<Joined> joined = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(17);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        writers.add(pool.submit(() -> write(thread, 125, writes)));
      }
      Future<?> joiner =
          pool.submit(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (writing.get() && joined.size() < 80) {
                  Recorder recorder = new Recorder();
                  if (random.nextBoolean()) {
                    WatchCache.SubscribedSnapshot<Item> s = cache.snapshotAndSubscribe(recorder);
                    joined.add(new Joined(s.subscription(), recorder, s.snapshot(), 0));
                  } else {
                    long since = random.nextLong(startRevision, cache.revision() + 1);
                    joined.add(new Joined(cache.subscribe(since, recorder), recorder, null, since));
                  }
                  sleepQuietly(random.nextInt(20, 120));
                }
              });
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      joiner.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    long finalRevision = store.currentRevision();
    cache.waitUntilFresh(finalRevision, Duration.ofSeconds(10));
    Map<String, Item> finalState = stateAt(finalRevision);
    assertEquals(finalState, toMap(cache.snapshot().objects()));
    assertTrue(joined.size() >= 20, "subscribers joined: " + joined.size());
    assertEquals(2_000, writes.get());
    long delivered = 0;
    for (Joined subscriber : joined) {
      subscriber.subscription.requestBookmark();
      assertTrue(subscriber.recorder.awaitBookmark(finalRevision), "bookmark after all events");
      assertTrue(subscriber.recorder.errors.isEmpty(), subscriber.recorder.errors.toString());
      Map<String, Item> initial;
      if (subscriber.snapshot != null) {
        initial = toMap(subscriber.snapshot.objects());
        assertEquals(stateAt(subscriber.snapshot.revision()), initial, "snapshot = etcd then");
      } else {
        initial = stateAt(subscriber.since);
      }
      assertEquals(finalState, replay(initial, subscriber.recorder.events));
      delivered += subscriber.recorder.events.size();
      subscriber.subscription.close();
    }
    assertTrue(delivered > writes.get(), "events delivered: " + delivered);
  }

  /**
   * Makes {@code operations} successful creates, updates and deletes: mostly on this thread's own
   * keys, a fifth on keys all threads share. Writes are compare-and-swap on the revision this
   * thread last saw; a lost race retries with the current value the conflict carries, as
   * kube-apiserver's update loop does.
   */
  private void write(int thread, int operations, AtomicInteger writes) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Map<String, Store.Kv> known = new java.util.HashMap<>();
    for (int i = 0; i < operations; i++) {
      String key =
          random.nextInt(5) == 0
              ? prefix + "shared" + random.nextInt(8)
              : prefix + "t" + thread + "-" + random.nextInt(4);
      byte[] value = bytes("t" + thread + "-" + i);
      while (true) {
        Store.Kv current = known.get(key);
        try {
          if (current == null) {
            long created = store.create(key, value, 0);
            known.put(key, new Store.Kv(key, value, created, created));
          } else if (random.nextInt(10) < 3) {
            store.delete(key, current.modRevision());
            known.remove(key);
          } else {
            known.put(key, store.update(key, value, current.modRevision()));
          }
          writes.incrementAndGet();
          break;
        } catch (ConflictException raced) {
          known.put(key, raced.current());
        } catch (KeyExistsException raced) {
          known.put(key, store.get(key).orElse(null));
        }
      }
    }
  }

  /**
   * Applies events to a state, checking that revisions never go back, that each key's events chain
   * (an update or delete names the object the subscriber last saw) and that a deleted object
   * carries the delete's revision.
   */
  private static Map<String, Item> replay(
      Map<String, Item> start, List<WatchCache.Event<Item>> events) {
    Map<String, Item> state = new LinkedHashMap<>(start);
    long revision = 0;
    for (WatchCache.Event<Item> event : events) {
      assertTrue(event.revision() >= revision, "revision order at " + event);
      revision = event.revision();
      Item before = state.get(event.key());
      switch (event.type()) {
        case ADDED -> {
          assertNull(before, "ADDED for a key the subscriber holds: " + event);
          state.put(event.key(), event.object());
        }
        case MODIFIED -> {
          assertEquals(before, event.previous(), "gap before " + event);
          state.put(event.key(), event.object());
        }
        case DELETED -> {
          assertEquals(before, event.previous(), "gap before " + event);
          assertEquals(event.revision(), event.object().revision());
          state.remove(event.key());
        }
      }
    }
    return new java.util.TreeMap<>(state);
  }

  private Map<String, Item> stateAt(long revision) {
    List<Item> items = new ArrayList<>();
    for (Store.Kv kv : store.list(prefix, null, 0, revision).kvs()) {
      items.add(CODEC.decode(kv));
    }
    return toMap(items);
  }

  private static Map<String, Item> toMap(List<Item> items) {
    Map<String, Item> map = new java.util.TreeMap<>();
    items.forEach(i -> map.put(i.key(), i));
    return map;
  }

  private Item item(String name, String value, long revision) {
    return new Item(prefix + name, value, revision);
  }

  private WatchCache<Item> started(Store source, int eventCapacity) {
    return started(source, eventCapacity, WatchCache.DEFAULT_SUBSCRIBER_QUEUE);
  }

  private WatchCache<Item> started(Store source, int eventCapacity, int subscriberQueue) {
    WatchCache<Item> cache =
        new WatchCache<>(source, prefix, CODEC, eventCapacity, subscriberQueue);
    caches.add(cache);
    cache.start();
    return cache;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Joined(
      WatchCache.Subscription subscription,
      Recorder recorder,
      WatchCache.Snapshot<Item> snapshot,
      long since) {}

  /** Collects a subscription's callbacks. */
  static final class Recorder implements WatchCache.Listener<Item> {
    final List<WatchCache.Event<Item>> events = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<WatchCache.Event<Item>> pending = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    final AtomicLong bookmark = new AtomicLong();

    @Override
    public void onEvent(WatchCache.Event<Item> event) {
      events.add(event);
      pending.add(event);
    }

    @Override
    public void onBookmark(long revision) {
      bookmark.set(revision);
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
    }

    WatchCache.Event<Item> next() throws InterruptedException {
      WatchCache.Event<Item> event = pending.poll(10, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event within 10 s; errors: " + errors);
      }
      return event;
    }

    boolean awaitBookmark(long revision) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (bookmark.get() < revision) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }
  }

  /**
   * The real store, whose watches can be made to miss events and then fail, as a watch whose start
   * revision was compacted during an outage does.
   */
  static final class FaultyStore implements Store {
    private final Store delegate;
    private final List<FaultyWatch> watches = new CopyOnWriteArrayList<>();
    volatile boolean dropping;

    FaultyStore(Store delegate) {
      this.delegate = delegate;
    }

    void failWatches() {
      watches.forEach(w -> w.fail(new CompactedException(0, 0)));
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
      FaultyWatch watch = new FaultyWatch(listener);
      watch.inner = delegate.watch(prefix, fromRevision, watch);
      watches.add(watch);
      return watch;
    }

    @Override
    public long create(String key, byte[] value, long ttlSeconds) {
      return delegate.create(key, value, ttlSeconds);
    }

    @Override
    public Optional<Kv> get(String key) {
      return delegate.get(key);
    }

    @Override
    public Kv update(String key, byte[] value, long expectedModRevision) {
      return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public Kv update(String key, byte[] value, long expectedModRevision, long ttlSeconds) {
      return delegate.update(key, value, expectedModRevision, ttlSeconds);
    }

    @Override
    public long delete(String key, long expectedModRevision) {
      return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Page list(String prefix, String startKey, int limit, long revision) {
      return delegate.list(prefix, startKey, limit, revision);
    }

    @Override
    public long currentRevision() {
      return delegate.currentRevision();
    }

    @Override
    public void compact(long revision) {
      delegate.compact(revision);
    }

    @Override
    public void close() {}

    private final class FaultyWatch implements Watch, WatchListener {
      private final WatchListener listener;
      private volatile Watch inner;
      private volatile boolean failed;

      FaultyWatch(WatchListener listener) {
        this.listener = listener;
      }

      void fail(Throwable error) {
        if (!failed) {
          failed = true;
          inner.close();
          listener.onError(error);
        }
      }

      @Override
      public void onEvents(List<Event> events) {
        if (!dropping && !failed) {
          listener.onEvents(events);
        }
      }

      @Override
      public void onProgress(long revision) {
        if (!dropping && !failed) {
          listener.onProgress(revision);
        }
      }

      @Override
      public void onError(Throwable error) {
        listener.onError(error);
      }

      @Override
      public void close() {
        inner.close();
      }
    }
  }
}
