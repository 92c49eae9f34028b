package dev.kumo.reconcilers.compute;

import dev.kumo.api.network.v1alpha1.IpAllocationStrategy;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.reconcilers.ipam.IpDecision;
import dev.kumo.reconcilers.ipam.IpPool;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks addresses for NICs. The informer's IpAddress objects lag behind this process's own creates,
 * so the allocator also remembers the addresses it handed out for a while (longer than any informer
 * lag): two reconciles running at once never pick the same address, and creating the IpAddress
 * object remains the lock against anyone else.
 */
final class IpAllocator {
  private static final long HOLD_NANOS = Duration.ofMinutes(2).toNanos();

  private final Map<String, Map<String, Long>> recent = new HashMap<>();
  private final Map<String, String> cursor = new HashMap<>();
  private final RandomGenerator random = new SecureRandom();

  /**
   * Picks an address on {@code l3}: {@code staticIp} when given, otherwise by the L3 network's
   * strategy, avoiding {@code taken} and the addresses recently handed out.
   */
  synchronized IpDecision choose(L3Network l3, Collection<String> taken, String staticIp) {
    String name = l3.getMetadata().getName();
    long now = System.nanoTime();
    Map<String, Long> mine = recent.computeIfAbsent(name, k -> new HashMap<>());
    mine.values().removeIf(at -> now - at > HOLD_NANOS);
    Set<String> all = new HashSet<>(taken);
    all.addAll(mine.keySet());
    IpPool pool = IpPool.of(name, l3.getSpec(), IpRangeType.Normal, all);
    IpAllocationStrategy strategy = l3.getSpec() == null ? null : l3.getSpec().ipAllocationStrategy;
    IpDecision d =
        staticIp != null
            ? pool.requestStatic(staticIp)
            : pool.next(strategy, cursor.get(name), random);
    if (d instanceof IpDecision.Allocated a) {
      mine.put(a.ip(), now);
      if (staticIp == null) {
        cursor.put(name, a.ip());
      }
    }
    return d;
  }

  /** Remembers an address someone else holds (its object already existed). */
  synchronized void markTaken(String l3, String ip) {
    recent.computeIfAbsent(l3, k -> new HashMap<>()).put(ip, System.nanoTime());
  }

  /** Forgets an address this process gave up without creating its object. */
  synchronized void forget(String l3, String ip) {
    Map<String, Long> mine = recent.get(l3);
    if (mine != null) {
      mine.remove(ip);
    }
  }
}
