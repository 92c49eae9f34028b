package dev.kumo.apiserver.storage;

import static dev.kumo.apiserver.storage.EtcdStoreIT.bytes;
import static dev.kumo.apiserver.storage.EtcdStoreIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompactorIT {
  @RegisterExtension static final EtcdTestSupport etcd = new EtcdTestSupport();

  @Test
  void twoServersOnOneEtcdCompactOncePerRoundToTheRevisionSeenARoundEarlier() {
    EtcdStore first = etcd.newStore();
    EtcdStore second = etcd.newStore();
    String prefix = etcd.uniquePrefix("compact");
    try (Compactor a = new Compactor(first, Duration.ofHours(1));
        Compactor b = new Compactor(second, Duration.ofHours(1))) {
      first.create(prefix + "k", bytes("v0"), 0);

      // Round 1: the first claim only observes (nothing to compact yet); the second server loses.
      Compactor.Round a1 = a.runOnce();
      Compactor.Round b1 = b.runOnce();
      assertFalse(a1.compacted());
      assertFalse(b1.compacted());
      long oldRevision = a1.observedRevision() - 1;

      long modRevision = first.get(prefix + "k").orElseThrow().modRevision();
      for (int i = 1; i <= 3; i++) {
        modRevision = first.update(prefix + "k", bytes("v" + i), modRevision).modRevision();
      }

      // Round 2: exactly one server compacts, to the revision its previous round observed.
      Compactor.Round a2 = a.runOnce();
      Compactor.Round b2 = b.runOnce();
      assertTrue(a2.compacted());
      assertFalse(b2.compacted());
      assertEquals(a1.observedRevision(), a2.compactedTo());
      assertEquals(
          Long.toString(a1.observedRevision()),
          text(first.get(Compactor.COMPACT_REV_KEY).orElseThrow().value()));
      assertThrows(CompactedException.class, () -> first.list(prefix, null, 0, oldRevision));
      assertEquals("v0", text(first.list(prefix, null, 0, a2.compactedTo()).kvs().get(0).value()));

      // Round 3: the server that lost round 2 has learned the count and wins this one.
      Compactor.Round b3 = b.runOnce();
      Compactor.Round a3 = a.runOnce();
      assertTrue(b3.compacted());
      assertFalse(a3.compacted());
      assertEquals(b2.observedRevision(), b3.compactedTo());
      assertThrows(
          CompactedException.class, () -> second.list(prefix, null, 0, b3.compactedTo() - 1));
    }
  }

  @Test
  void startedCompactorRunsRoundsUntilStopped() throws InterruptedException {
    EtcdStore store = etcd.newStore();
    String prefix = etcd.uniquePrefix("scheduled");
    long first = store.create(prefix + "k", bytes("v"), 0);
    store.update(prefix + "k", bytes("v2"), first);
    try (Compactor compactor = new Compactor(store, Duration.ofMillis(200))) {
      compactor.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!isCompacted(store, prefix, first)) {
        assertTrue(System.nanoTime() < deadline, "no compaction within 5 s");
        Thread.sleep(50);
      }
      compactor.stop();
    }
  }

  private static boolean isCompacted(Store store, String prefix, long revision) {
    try {
      store.list(prefix, null, 0, revision);
      return false;
    } catch (CompactedException e) {
      return true;
    }
  }
}
