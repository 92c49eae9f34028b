package dev.kumo.apiserver.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@link Store} over etcd v3 through jetcd, issuing exactly the transactions kube-apiserver's
 * etcd3 store issues (k8s-api-surface.md §3.1), so a real kube-apiserver could read the same data.
 *
 * <p>Every call waits at most the configured timeout (10 s by default) and then fails with a {@link
 * StoreException} naming the endpoints. Watches survive connection loss: they resume from the
 * revision after the last one delivered, so no event is lost or repeated. Watch listeners are
 * called in order on the store's delivery threads, never on the gRPC event loop, so a slow listener
 * delays only its own watch.
 */
public final class EtcdStore implements Store {
  /** How long a call may take by default before it fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final String COMPACTED = "required revision has been compacted";
  private static final String FUTURE_REVISION = "required revision is a future revision";
  private static final String LEASE_NOT_FOUND = "requested lease not found";

  private final Client client;
  private final KV kv;
  private final List<String> endpoints;
  private final Duration timeout;
  private final LeasePool leases;
  private final ScheduledExecutorService watchScheduler;
  private final ThreadPoolExecutor watchDelivery;
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

  private EtcdStore(Client client, List<String> endpoints, Duration timeout) {
    this.client = client;
    this.kv = client.getKVClient();
    this.endpoints = List.copyOf(endpoints);
    this.timeout = timeout;
    this.leases = new LeasePool(client.getLeaseClient(), this::await);
    this.watchScheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "etcd-watch-resume");
              thread.setDaemon(true);
              return thread;
            });
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger count = new AtomicInteger();
    this.watchDelivery =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread thread = new Thread(r, "etcd-watch-delivery #" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    watchDelivery.allowCoreThreadTimeOut(true);
  }

  /**
   * Connects to etcd with the default timeout. The connection is made lazily; an unreachable etcd
   * shows up as a {@link StoreException} from the first call.
   *
   * @param endpoints client URLs such as {@code http://127.0.0.1:2379} (a bare host:port means
   *     http)
   */
  public static EtcdStore connect(List<String> endpoints) {
    return connect(endpoints, DEFAULT_TIMEOUT);
  }

  /** Connects to etcd; each call fails after {@code timeout}. */
  public static EtcdStore connect(List<String> endpoints, Duration timeout) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints given");
    }
    List<String> urls = endpoints.stream().map(e -> e.contains("://") ? e : "http://" + e).toList();
    Client client =
        Client.builder()
            .endpoints(urls.toArray(String[]::new))
            .connectTimeout(timeout)
            // kube-apiserver lifts gRPC's 4 MiB receive limit too: a full list can be large.
            .maxInboundMessageSize(256 << 20)
            .build();
    return new EtcdStore(client, urls, timeout);
  }

  /** The endpoints this store talks to. */
  public List<String> endpoints() {
    return endpoints;
  }

  @Override
  public long create(String key, byte[] value, long ttlSeconds) {
    ByteSequence k = bytes(key);
    Supplier<TxnResponse> attempt =
        () -> {
          PutOption put =
              ttlSeconds > 0
                  ? PutOption.builder().withLeaseId(leases.leaseFor(ttlSeconds)).build()
                  : PutOption.DEFAULT;
          return await(
              kv.txn()
                  .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(0)))
                  .Then(Op.put(k, ByteSequence.from(value), put))
                  .commit(),
              "create " + key);
        };
    TxnResponse response = withLeaseRetry(attempt, ttlSeconds);
    if (!response.isSucceeded()) {
      throw new KeyExistsException(key);
    }
    return response.getHeader().getRevision();
  }

  @Override
  public Optional<Kv> get(String key) {
    GetResponse response = await(kv.get(bytes(key)), "get " + key);
    return response.getKvs().stream().findFirst().map(EtcdStore::toKv);
  }

  @Override
  public Optional<Kv> getSerializable(String key) {
    GetResponse response =
        await(
            kv.get(bytes(key), GetOption.newBuilder().withSerializable(true).build()),
            "get " + key);
    return response.getKvs().stream().findFirst().map(EtcdStore::toKv);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key is written without a lease, as kube-apiserver writes objects whose strategy has no
   * TTL; use {@link #update(String, byte[], long, long)} to keep a key expiring.
   */
  @Override
  public Kv update(String key, byte[] value, long expectedModRevision) {
    return update(key, value, expectedModRevision, 0);
  }

  /**
   * Replaces a key's value if its modRevision is still {@code expectedModRevision}, attaching it to
   * a lease of {@code ttlSeconds} when positive (kube-apiserver recomputes the TTL on every
   * update).
   *
   * @throws ConflictException when the key changed or was deleted meanwhile
   */
  @Override
  public Kv update(String key, byte[] value, long expectedModRevision, long ttlSeconds) {
    requireRevision(expectedModRevision, key);
    ByteSequence k = bytes(key);
    Supplier<TxnResponse> attempt =
        () -> {
          PutOption.Builder put = PutOption.builder().withPrevKV();
          if (ttlSeconds > 0) {
            put.withLeaseId(leases.leaseFor(ttlSeconds));
          }
          return await(
              kv.txn()
                  .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                  .Then(Op.put(k, ByteSequence.from(value), put.build()))
                  .Else(Op.get(k, GetOption.DEFAULT))
                  .commit(),
              "update " + key);
        };
    TxnResponse response = withLeaseRetry(attempt, ttlSeconds);
    if (!response.isSucceeded()) {
      throw new ConflictException(key, currentOf(response));
    }
    long revision = response.getHeader().getRevision();
    KeyValue prev = response.getPutResponses().get(0).getPrevKv();
    return new Kv(key, value, prev.getCreateRevision(), revision);
  }

  @Override
  public long delete(String key, long expectedModRevision) {
    requireRevision(expectedModRevision, key);
    ByteSequence k = bytes(key);
    TxnResponse response =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.delete(k, DeleteOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(),
            "delete " + key);
    if (!response.isSucceeded()) {
      throw new ConflictException(key, currentOf(response));
    }
    return response.getHeader().getRevision();
  }

  @Override
  public Page list(String prefix, String startKey, int limit, long revision) {
    if (limit < 0 || revision < 0) {
      throw new IllegalArgumentException("negative limit or revision");
    }
    ByteSequence start = bytes(startKey != null ? startKey : prefix);
    GetOption.Builder option =
        GetOption.builder()
            .withRange(OptionsUtil.prefixEndOf(bytes(prefix)))
            .withRevision(revision);
    if (limit > 0) {
      // One more than asked tells whether keys remain, as kube-apiserver's etcd3 store does.
      option.withLimit(limit + 1L);
    }
    String what = "list " + prefix + (revision > 0 ? " at revision " + revision : "");
    GetResponse response;
    try {
      response = await(kv.get(start, option.build()), what);
    } catch (RevisionOutOfRangeException e) {
      throw e.compacted() ? new CompactedException(revision, 0) : e.asStoreException(what);
    }
    List<KeyValue> found = response.getKvs();
    boolean more = limit > 0 && found.size() > limit;
    List<Kv> kvs = new ArrayList<>(more ? limit : found.size());
    for (KeyValue keyValue : more ? found.subList(0, limit) : found) {
      kvs.add(toKv(keyValue));
    }
    long remaining = more ? response.getCount() - limit : 0;
    long readAt = revision > 0 ? revision : response.getHeader().getRevision();
    return new Page(List.copyOf(kvs), readAt, more, remaining);
  }

  @Override
  public long currentRevision() {
    GetOption countOnly = GetOption.builder().withCountOnly(true).build();
    return await(kv.get(bytes("/"), countOnly), "read the current revision")
        .getHeader()
        .getRevision();
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    long from = fromRevision > 0 ? fromRevision : currentRevision() + 1;
    EtcdWatch watch =
        new EtcdWatch(
            client.getWatchClient(),
            bytes(prefix),
            from,
            listener,
            watchScheduler,
            watchDelivery,
            watches::remove);
    watches.add(watch);
    watch.start();
    return watch;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Compacting to a revision at or below the current compaction point does nothing.
   */
  @Override
  public void compact(long revision) {
    try {
      await(kv.compact(revision), "compact to revision " + revision);
    } catch (RevisionOutOfRangeException e) {
      if (!e.compacted()) {
        throw e.asStoreException("compact to revision " + revision);
      }
    }
  }

  @Override
  public void close() {
    List.copyOf(watches).forEach(EtcdWatch::close);
    watchScheduler.shutdownNow();
    watchDelivery.shutdown();
    client.close();
  }

  /** The jetcd client, for the {@link Compactor}'s bookkeeping transaction. */
  Client client() {
    return client;
  }

  <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreException(
          what + ": etcd at " + endpoints + " did not answer within " + describe(timeout), e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StoreException(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what);
    }
  }

  private RuntimeException translate(Throwable cause, String what) {
    if (isOutOfRange(cause)) {
      return new RevisionOutOfRangeException(what, cause);
    }
    String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    if (message.contains(LEASE_NOT_FOUND)) {
      return new LeaseNotFoundException(what + ": " + message, cause);
    }
    return new StoreException(what + ": etcd at " + endpoints + " failed: " + message, cause);
  }

  /** jetcd reports etcd's errors as gRPC statuses, or as its own exceptions with the same code. */
  private static boolean isOutOfRange(Throwable cause) {
    return cause instanceof EtcdException etcd
        ? etcd.getErrorCode() == ErrorCode.OUT_OF_RANGE
        : Status.fromThrowable(cause).getCode() == Status.Code.OUT_OF_RANGE;
  }

  /** Retries once with a fresh lease when etcd says a reused lease has gone. */
  private TxnResponse withLeaseRetry(Supplier<TxnResponse> attempt, long ttlSeconds) {
    try {
      return attempt.get();
    } catch (LeaseNotFoundException e) {
      leases.forget(ttlSeconds);
      return attempt.get();
    }
  }

  private static Kv currentOf(TxnResponse failed) {
    List<KeyValue> kvs = failed.getGetResponses().get(0).getKvs();
    return kvs.isEmpty() ? null : toKv(kvs.get(0));
  }

  private static void requireRevision(long expectedModRevision, String key) {
    if (expectedModRevision <= 0) {
      throw new IllegalArgumentException(
          "expected modRevision must be positive for " + key + ": " + expectedModRevision);
    }
  }

  static Kv toKv(KeyValue keyValue) {
    return new Kv(
        keyValue.getKey().toString(StandardCharsets.UTF_8),
        keyValue.getValue().getBytes(),
        keyValue.getCreateRevision(),
        keyValue.getModRevision());
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** etcd's OUT_OF_RANGE: a revision that is compacted away or not yet written. */
  private static final class RevisionOutOfRangeException extends StoreException {
    private final boolean compacted;

    RevisionOutOfRangeException(String what, Throwable cause) {
      super(what + ": " + cause.getMessage(), cause);
      this.compacted = cause.getMessage() != null && cause.getMessage().contains(COMPACTED);
    }

    boolean compacted() {
      return compacted;
    }

    /** The error for a caller: a plain StoreException, clearer for a future revision. */
    StoreException asStoreException(String what) {
      if (getMessage().contains(FUTURE_REVISION)) {
        return new StoreException(what + ": the revision is newer than etcd's current one", this);
      }
      return new StoreException(getMessage(), this);
    }
  }

  /** A put named a lease that etcd no longer has. */
  private static final class LeaseNotFoundException extends StoreException {
    LeaseNotFoundException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
