package dev.kumo.apiserver.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts etcd's history the way kube-apiserver does ({@code --etcd-compaction-interval}, default
 * 5 min): each round compacts to the revision observed one round earlier, so at least one interval
 * of history always remains for watches to resume from.
 *
 * <p>Several API servers on one etcd compact once per interval between them: a round first bumps
 * the version of the key {@value #COMPACT_REV_KEY} with a transaction conditioned on the version
 * this server last saw; only the server whose transaction succeeds compacts, the others learn the
 * new version and wait for the next round.
 */
public final class Compactor implements AutoCloseable {
  /** The bookkeeping key, shared with kube-apiserver. */
  public static final String COMPACT_REV_KEY = "compact_rev_key";

  /** kube-apiserver's default interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

  private final EtcdStore store;
  private final KV kv;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;

  // Guarded by this.
  private long lastVersion;
  private long lastRevision;
  private ScheduledFuture<?> schedule;

  /**
   * @param store the etcd to compact
   * @param interval time between rounds, and so the least history kept
   */
  public Compactor(EtcdStore store, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("compaction interval must be positive: " + interval);
    }
    this.store = store;
    this.kv = store.client().getKVClient();
    this.interval = interval;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "etcd-compactor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * What one round did.
   *
   * @param compacted whether this server compacted in this round
   * @param compactedTo the revision compacted to, or 0 when it did not compact
   * @param observedRevision etcd's revision now: the next round compacts to it
   */
  public record Round(boolean compacted, long compactedTo, long observedRevision) {}

  /** Runs a round every interval, the first one an interval from now, until {@link #stop()}. */
  public synchronized void start() {
    if (schedule == null) {
      long millis = interval.toMillis();
      schedule =
          scheduler.scheduleWithFixedDelay(
              this::runScheduledRound, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops running rounds; a round in progress finishes. */
  public synchronized void stop() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }

  @Override
  public void close() {
    stop();
    scheduler.shutdown();
  }

  /**
   * Runs one round now: claims the round through {@value #COMPACT_REV_KEY} and, if this server won
   * it and observed a revision in the previous round, compacts to that revision.
   *
   * @throws StoreException when etcd cannot be reached
   */
  public synchronized Round runOnce() {
    ByteSequence key = EtcdStore.bytes(COMPACT_REV_KEY);
    long target = lastRevision;
    TxnResponse response =
        store.await(
            kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(lastVersion)))
                .Then(Op.put(key, EtcdStore.bytes(Long.toString(target)), PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit(),
            "claim a compaction round");
    long observed = response.getHeader().getRevision();
    if (!response.isSucceeded()) {
      // Another server compacted this round; follow its count and try again next round.
      var kvs = response.getGetResponses().get(0).getKvs();
      lastVersion = kvs.isEmpty() ? 0 : kvs.get(0).getVersion();
      lastRevision = observed;
      return new Round(false, 0, observed);
    }
    lastVersion++;
    lastRevision = observed;
    if (target == 0) {
      // The first round only observes, as kube-apiserver's does.
      return new Round(false, 0, observed);
    }
    store.compact(target);
    LOG.info("compacted etcd to revision {}", target);
    return new Round(true, target, observed);
  }

  private void runScheduledRound() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("etcd compaction round failed: {}", e.getMessage());
    }
  }
}
