package dev.kumo.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdStoreIT {
  @RegisterExtension static final EtcdTestSupport etcd = new EtcdTestSupport();

  private EtcdStore store;
  private String prefix;

  @BeforeEach
  void connect() {
    store = etcd.newStore();
    prefix = etcd.uniquePrefix("store");
  }

  @Test
  void createOfAnExistingKeyFails() {
    long revision = store.create(prefix + "a", bytes("v1"), 0);
    Store.Kv kv = store.get(prefix + "a").orElseThrow();
    assertEquals(revision, kv.createRevision());
    assertEquals(revision, kv.modRevision());
    assertThrows(KeyExistsException.class, () -> store.create(prefix + "a", bytes("v2"), 0));
    assertEquals("v1", text(store.get(prefix + "a").orElseThrow().value()));
  }

  @Test
  void staleUpdateAndDeleteConflictWithTheCurrentValue() {
    String key = prefix + "a";
    long created = store.create(key, bytes("v1"), 0);
    Store.Kv updated = store.update(key, bytes("v2"), created);
    assertEquals(created, updated.createRevision());
    assertTrue(updated.modRevision() > created);

    ConflictException stale =
        assertThrows(ConflictException.class, () -> store.update(key, bytes("v3"), created));
    assertEquals(updated.modRevision(), stale.current().modRevision());
    assertEquals("v2", text(stale.current().value()));
    assertThrows(ConflictException.class, () -> store.delete(key, created));

    long deleted = store.delete(key, updated.modRevision());
    assertTrue(deleted > updated.modRevision());
    assertTrue(store.get(key).isEmpty());
    ConflictException gone =
        assertThrows(ConflictException.class, () -> store.update(key, bytes("v4"), deleted));
    assertNull(gone.current());
  }

  @Test
  void listPagesStayAtTheFirstPagesRevision() {
    for (int i = 0; i < 10; i++) {
      store.create(prefix + "k" + i, bytes("old" + i), 0);
    }
    store.create(prefix.substring(0, prefix.length() - 1) + "x/outside", bytes("no"), 0);

    Store.Page first = store.list(prefix, null, 4, 0);
    assertEquals(List.of("k0", "k1", "k2", "k3"), names(first));
    assertTrue(first.more());
    assertEquals(6, first.remaining());

    // Writes between pages must not show in later pages of the same list.
    Store.Kv k5 = store.get(prefix + "k5").orElseThrow();
    store.update(prefix + "k5", bytes("new5"), k5.modRevision());
    store.delete(prefix + "k6", store.get(prefix + "k6").orElseThrow().modRevision());
    store.create(prefix + "k45", bytes("new45"), 0);

    Store.Page second = store.list(prefix, prefix + "k3\0", 4, first.revision());
    assertEquals(first.revision(), second.revision());
    assertEquals(List.of("k4", "k5", "k6", "k7"), names(second));
    assertEquals("old5", text(second.kvs().get(1).value()));
    assertTrue(second.more());
    assertEquals(2, second.remaining());
    Store.Page last = store.list(prefix, prefix + "k7\0", 4, first.revision());
    assertEquals(List.of("k8", "k9"), names(last));
    assertFalse(last.more());
    assertEquals(0, last.remaining());

    Store.Page now = store.list(prefix, null, 0, 0);
    assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k45", "k5", "k7", "k8", "k9"), names(now));
    assertEquals(store.currentRevision(), now.revision());
  }

  @Test
  void compactedRevisionsFailListsAndWatches() throws InterruptedException {
    long before = store.create(prefix + "a", bytes("v1"), 0);
    long after = store.update(prefix + "a", bytes("v2"), before).modRevision();
    store.compact(after);
    store.compact(after); // Compacting again is harmless.

    CompactedException list =
        assertThrows(CompactedException.class, () -> store.list(prefix, null, 0, before));
    assertEquals(before, list.requested());
    assertEquals("v2", text(store.list(prefix, null, 0, after).kvs().get(0).value()));

    Recorder recorder = new Recorder();
    try (Store.Watch watch = store.watch(prefix, before, recorder)) {
      Throwable error = recorder.errors.poll(5, TimeUnit.SECONDS);
      CompactedException compacted = assertInstanceOf(CompactedException.class, error);
      assertEquals(before, compacted.requested());
      assertEquals(after, compacted.compactRevision());
    }
  }

  @Test
  void watchReportsEventTypesAndPreviousValues() throws InterruptedException {
    Recorder recorder = new Recorder();
    try (Store.Watch watch = store.watch(prefix, store.currentRevision() + 1, recorder)) {
      long created = store.create(prefix + "a", bytes("v1"), 0);
      long updated = store.update(prefix + "a", bytes("v2"), created).modRevision();
      long deleted = store.delete(prefix + "a", updated);
      store.create(prefix.substring(0, prefix.length() - 1) + "-sibling/a", bytes("no"), 0);

      Store.Event added = recorder.next();
      assertEquals(Store.EventType.ADDED, added.type());
      assertEquals(created, added.revision());
      assertEquals("v1", text(added.kv().value()));
      assertNull(added.prev());

      Store.Event modified = recorder.next();
      assertEquals(Store.EventType.MODIFIED, modified.type());
      assertEquals(updated, modified.revision());
      assertEquals(created, modified.kv().createRevision());
      assertEquals("v1", text(modified.prev().value()));

      Store.Event removed = recorder.next();
      assertEquals(Store.EventType.DELETED, removed.type());
      assertEquals(deleted, removed.revision());
      assertEquals(prefix + "a", removed.kv().key());
      assertNull(removed.kv().value());
      assertEquals("v2", text(removed.prev().value()));
      assertEquals(updated, removed.prev().modRevision());
      assertNull(recorder.events.poll(300, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void ttlKeysExpireAndShareALease() throws InterruptedException {
    store.create(prefix + "short", bytes("v"), 1);
    assertTrue(store.get(prefix + "short").isPresent());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    while (store.get(prefix + "short").isPresent()) {
      assertTrue(System.nanoTime() < deadline, "a 1 s TTL key still exists after 6 s");
      Thread.sleep(100);
    }

    store.create(prefix + "long1", bytes("v"), 600);
    store.create(prefix + "long2", bytes("v"), 600);
    store.create(prefix + "other", bytes("v"), 300);
    long created = store.create(prefix + "plain", bytes("v"), 0);
    store.update(prefix + "plain", bytes("v2"), created, 600);
    try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
      long lease1 = leaseOf(raw, prefix + "long1");
      assertNotEquals(0, lease1);
      assertEquals(lease1, leaseOf(raw, prefix + "long2"));
      assertEquals(lease1, leaseOf(raw, prefix + "plain"));
      assertNotEquals(lease1, leaseOf(raw, prefix + "other"));
    }
  }

  @Test
  void watchResumesAcrossAnEtcdRestartWithoutLosingOrRepeatingEvents() throws Exception {
    Recorder recorder = new Recorder();
    List<Long> written = new ArrayList<>();
    try (Store.Watch watch = store.watch(prefix, store.currentRevision() + 1, recorder)) {
      for (int i = 0; i < 5; i++) {
        written.add(store.create(prefix + "before" + i, bytes("v"), 0));
      }
      etcd.crashAndRestart();
      for (int i = 0; i < 5; i++) {
        written.add(store.create(prefix + "after" + i, bytes("v"), 0));
      }
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < written.size(); i++) {
        seen.add(recorder.next().revision());
      }
      assertEquals(written, seen);
      assertNull(recorder.events.poll(500, TimeUnit.MILLISECONDS), "no repeated events");
      assertTrue(recorder.errors.isEmpty(), "a reconnect is not an error");
    }
  }

  @Test
  void unreachableEtcdFailsWithinTheTimeoutNamingTheEndpoint() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try (EtcdStore nowhere =
        EtcdStore.connect(List.of("127.0.0.1:" + port), Duration.ofMillis(500))) {
      long start = System.nanoTime();
      StoreException error = assertThrows(StoreException.class, () -> nowhere.get("/x"));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
      assertTrue(
          error.getMessage().contains("127.0.0.1:" + port)
              && error.getMessage().contains("did not answer within 500 ms"),
          error.getMessage());
    }
  }

  @Test
  void aFutureRevisionIsRefusedClearly() {
    long future = store.currentRevision() + 1000;
    StoreException error =
        assertThrows(StoreException.class, () -> store.list(prefix, null, 0, future));
    assertTrue(error.getMessage().contains("newer than etcd's current one"), error.getMessage());
  }

  @Test
  void valuesRoundTripAsBytes() {
    byte[] value = {0, 1, 2, (byte) 0xff, 'k', '8', 's', 0};
    store.create(prefix + "bin", value, 0);
    assertArrayEquals(value, store.get(prefix + "bin").orElseThrow().value());
    assertTrue(store.currentRevision() >= store.get(prefix + "bin").orElseThrow().modRevision());
  }

  private static long leaseOf(Client raw, String key) {
    try {
      List<KeyValue> kvs = raw.getKVClient().get(EtcdStore.bytes(key)).get().getKvs();
      return kvs.get(0).getLease();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<String> names(Store.Page page) {
    return page.kvs().stream().map(kv -> kv.key().substring(prefix.length())).toList();
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(byte[] value) {
    return new String(value, UTF_8);
  }

  /** Collects a store watch's callbacks. */
  static final class Recorder implements Store.WatchListener {
    final BlockingQueue<Store.Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Override
    public void onEvents(List<Store.Event> batch) {
      events.addAll(batch);
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
    }

    Store.Event next() throws InterruptedException {
      Store.Event event = events.poll(10, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event within 10 s; errors: " + errors);
      }
      return event;
    }
  }
}
