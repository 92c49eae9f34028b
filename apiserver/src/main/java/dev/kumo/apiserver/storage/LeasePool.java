package dev.kumo.apiserver.storage;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Shares etcd leases between keys with the same TTL, as kube-apiserver's lease manager does: a
 * lease is granted for {@code ttl + reuse} seconds and handed to every key with that TTL written
 * during the next {@code reuse} seconds, where {@code reuse} is 5% of the TTL, at most a minute. A
 * key therefore expires between {@code ttl} and {@code ttl + reuse} seconds after its write, never
 * early, and an hour-long TTL costs one lease per minute rather than one per key.
 */
final class LeasePool {
  private static final long MAX_REUSE_SECONDS = 60;
  private static final long REUSE_PERCENT = 5;

  private final Lease leaseClient;
  private final Await await;
  private final Map<Long, Grant> byTtl = new HashMap<>();

  /** Waits for a call with the store's timeout and error translation. */
  interface Await {
    <T> T await(CompletableFuture<T> call, String what);
  }

  LeasePool(Lease leaseClient, Await await) {
    this.leaseClient = leaseClient;
    this.await = await;
  }

  /** A lease id under which a key lives at least {@code ttlSeconds}. */
  synchronized long leaseFor(long ttlSeconds) {
    long now = System.nanoTime();
    Grant grant = byTtl.get(ttlSeconds);
    if (grant != null && now - grant.expiresAtNanos + seconds(ttlSeconds) < 0) {
      return grant.id;
    }
    long reuse = Math.min(ttlSeconds * REUSE_PERCENT / 100, MAX_REUSE_SECONDS);
    LeaseGrantResponse response =
        await.await(leaseClient.grant(ttlSeconds + reuse), "grant a lease of " + ttlSeconds + " s");
    // Measured from before the request, so the lease is never thought to live longer than it does.
    byTtl.put(ttlSeconds, new Grant(response.getID(), now + seconds(ttlSeconds + reuse)));
    return response.getID();
  }

  /** Drops the cached lease for a TTL, after etcd reported it gone. */
  synchronized void forget(long ttlSeconds) {
    byTtl.remove(ttlSeconds);
  }

  private static long seconds(long seconds) {
    return seconds * 1_000_000_000L;
  }

  private record Grant(long id, long expiresAtNanos) {}
}
