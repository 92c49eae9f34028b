package dev.kumo.apiserver.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prefix watch that survives connection loss without losing or repeating events.
 *
 * <p>jetcd re-creates a failed watch by itself, but from a revision it may have advanced to the
 * watch's creation header, which skips events not yet delivered. So on any failure other than
 * compaction this class drops the jetcd watcher and opens a new one from the revision after the
 * last one it delivered, with a growing back-off; events below that revision (replays) are dropped.
 * A compacted start revision ends the watch with {@link
 * dev.kumo.apiserver.storage.CompactedException}.
 */
final class EtcdWatch implements Store.Watch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Watch watchClient;
  private final ByteSequence prefix;
  private final Store.WatchListener listener;
  private final ScheduledExecutorService scheduler;
  private final Executor delivery;
  private final Consumer<EtcdWatch> onClosed;
  private final Object lock = new Object();

  // Guarded by lock.
  private final ArrayDeque<Runnable> undelivered = new ArrayDeque<>();
  private boolean delivering;
  private long nextRevision;
  private Generation current;
  private boolean closed;
  private long backoffMillis = MIN_BACKOFF_MILLIS;

  EtcdWatch(
      Watch watchClient,
      ByteSequence prefix,
      long fromRevision,
      Store.WatchListener listener,
      ScheduledExecutorService scheduler,
      Executor delivery,
      Consumer<EtcdWatch> onClosed) {
    this.watchClient = watchClient;
    this.prefix = prefix;
    this.nextRevision = fromRevision;
    this.listener = listener;
    this.scheduler = scheduler;
    this.delivery = delivery;
    this.onClosed = onClosed;
  }

  void start() {
    open();
  }

  @Override
  public void close() {
    Generation last;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      last = current;
      current = null;
      undelivered.clear();
    }
    onClosed.accept(this);
    if (last != null) {
      last.close();
    }
  }

  /** Opens a jetcd watcher from the next undelivered revision. Never called holding the lock. */
  private void open() {
    Generation generation = new Generation();
    long from;
    synchronized (lock) {
      if (closed) {
        return;
      }
      current = generation;
      from = nextRevision;
    }
    WatchOption option =
        WatchOption.builder()
            .isPrefix(true)
            .withRevision(from)
            .withPrevKV(true)
            .withProgressNotify(true)
            .build();
    try {
      generation.watcher =
          watchClient.watch(
              prefix,
              option,
              Watch.listener(
                  response -> onResponse(generation, response),
                  error -> onFailure(generation, error)));
    } catch (RuntimeException e) {
      onFailure(generation, e);
      return;
    }
    synchronized (lock) {
      if (current == generation) {
        return;
      }
    }
    // Closed, or failed already, while the watcher was being created.
    generation.close();
  }

  private void onResponse(Generation generation, WatchResponse response) {
    synchronized (lock) {
      if (current != generation) {
        return;
      }
      backoffMillis = MIN_BACKOFF_MILLIS;
      if (response.isProgressNotify()) {
        long revision = response.getHeader().getRevision();
        if (revision >= nextRevision) {
          nextRevision = revision + 1;
          deliverLocked(() -> listener.onProgress(revision));
        }
        return;
      }
      List<Store.Event> events = new ArrayList<>(response.getEvents().size());
      for (WatchEvent event : response.getEvents()) {
        if (event.getKeyValue().getModRevision() >= nextRevision) {
          events.add(toEvent(event));
        }
      }
      if (!events.isEmpty()) {
        nextRevision = events.get(events.size() - 1).revision() + 1;
        List<Store.Event> batch = List.copyOf(events);
        deliverLocked(() -> listener.onEvents(batch));
      }
    }
  }

  /** Called by jetcd holding its own lock: only hand work to the scheduler from here. */
  private void onFailure(Generation generation, Throwable error) {
    long revision;
    long delay;
    synchronized (lock) {
      if (current != generation) {
        return;
      }
      current = null;
      revision = nextRevision;
      if (error instanceof CompactedException compacted) {
        closed = true;
        onClosed.accept(this);
        later(generation::close, 0);
        deliverLocked(
            () ->
                listener.onError(
                    new dev.kumo.apiserver.storage.CompactedException(
                        revision, compacted.getCompactedRevision())));
        return;
      }
      delay = backoffMillis;
      backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }
    LOG.warn(
        "watch on {} failed ({}); resuming from revision {} in {} ms",
        prefix.toString(StandardCharsets.UTF_8),
        error.getMessage(),
        revision,
        delay);
    // Close now, before jetcd's own resume (500 ms later) can pick a revision of its choosing.
    later(generation::close, 0);
    later(this::open, delay);
  }

  /**
   * Queues a listener call. Calls run in order on the delivery pool, never on jetcd's event loop,
   * so a slow listener cannot stall the client's other calls.
   */
  private void deliverLocked(Runnable call) {
    undelivered.add(call);
    if (!delivering) {
      delivering = true;
      try {
        delivery.execute(this::deliver);
      } catch (RejectedExecutionException storeClosed) {
        undelivered.clear();
        delivering = false;
      }
    }
  }

  private void deliver() {
    while (true) {
      Runnable call;
      synchronized (lock) {
        call = undelivered.poll();
        if (call == null) {
          delivering = false;
          return;
        }
      }
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("a listener of the watch on {} threw", prefix.toString(StandardCharsets.UTF_8), e);
      }
    }
  }

  private void later(Runnable task, long delayMillis) {
    try {
      scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException storeClosed) {
      LOG.debug("store closed; dropping watch task on {}", prefix);
    }
  }

  private static Store.Event toEvent(WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    KeyValue prev = event.getPrevKV();
    Store.Kv previous = prev == null || prev.getModRevision() == 0 ? null : EtcdStore.toKv(prev);
    if (event.getEventType() == WatchEvent.EventType.DELETE) {
      Store.Kv deleted =
          new Store.Kv(
              kv.getKey().toString(StandardCharsets.UTF_8),
              null,
              previous != null ? previous.createRevision() : 0,
              kv.getModRevision());
      return new Store.Event(Store.EventType.DELETED, deleted, previous);
    }
    Store.EventType type =
        kv.getCreateRevision() == kv.getModRevision()
            ? Store.EventType.ADDED
            : Store.EventType.MODIFIED;
    return new Store.Event(type, EtcdStore.toKv(kv), previous);
  }

  /** One jetcd watcher; callbacks from a replaced generation are ignored. */
  private static final class Generation {
    private volatile Watch.Watcher watcher;

    void close() {
      Watch.Watcher w = watcher;
      if (w != null) {
        try {
          w.close();
        } catch (RuntimeException e) {
          LOG.debug("closing a failed watcher", e);
        }
      }
    }
  }
}
