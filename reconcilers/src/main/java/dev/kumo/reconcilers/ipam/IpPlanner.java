package dev.kumo.reconcilers.ipam;

import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAllocationStrategy;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One-shot entry points of the IP planner for a reconciler: turn the existing {@code IpAddress}
 * objects into taken sets, pick an address for a NIC, check a static address and count usage. Each
 * call builds an {@link IpPool}; use the pool directly to make several decisions in one reconcile.
 */
public final class IpPlanner {

  /**
   * Address counts of an L3 network for its status.
   *
   * @param total allocatable addresses in all ranges, minus gateways, network/broadcast addresses
   *     and reserved addresses
   * @param used distinct allocated addresses (IpAddress objects), wherever they lie
   * @param free allocatable addresses not allocated; {@code used + free} exceeds {@code total} only
   *     by allocations outside the current ranges
   */
  public record Counts(long total, long used, long free) {}

  private IpPlanner() {}

  /** The addresses of the given IpAddress objects that belong to L3 network {@code l3Name}. */
  public static List<String> takenIps(String l3Name, Collection<IpAddress> addresses) {
    List<String> ips = new ArrayList<>();
    if (addresses != null) {
      for (IpAddress a : addresses) {
        if (a != null
            && a.getSpec() != null
            && a.getSpec().ip != null
            && a.getSpec().l3NetworkRef != null
            && a.getSpec().l3NetworkRef.equals(l3Name)) {
          ips.add(a.getSpec().ip);
        }
      }
    }
    return ips;
  }

  /** The MACs of the given IpAddress objects (pass those of every L3 network on one L2 network). */
  public static List<String> takenMacs(Collection<IpAddress> addresses) {
    List<String> macs = new ArrayList<>();
    if (addresses != null) {
      for (IpAddress a : addresses) {
        if (a != null && a.getSpec() != null && a.getSpec().mac != null) {
          macs.add(a.getSpec().mac);
        }
      }
    }
    return macs;
  }

  /**
   * The next address for a NIC on the L3 network, from its Normal ranges (ZStack allocates from
   * AddressPool ranges only when asked to; use {@link IpPool#of} with {@code AddressPool} for
   * that), with the L3 network's own strategy (Random when unset).
   *
   * @param l3 the L3 network
   * @param takenIps addresses already allocated on it
   * @param lastAllocated the previous address of the ascending cursor, or null
   * @param random randomness for the Random strategy
   */
  public static IpDecision allocate(
      L3Network l3, Collection<String> takenIps, String lastAllocated, RandomGenerator random) {
    L3NetworkSpec spec = l3.getSpec();
    IpAllocationStrategy strategy = spec == null ? null : spec.ipAllocationStrategy;
    return IpPool.of(name(l3), spec, IpRangeType.Normal, takenIps)
        .next(strategy, lastAllocated, random);
  }

  /**
   * Whether a static address may be allocated to a NIC on the L3 network: like ZStack's {@code
   * requiredIp}, it must lie in a Normal range (use {@link IpPool#of} with {@code AddressPool} for
   * a VIP from a pool).
   */
  public static IpDecision requestStatic(L3Network l3, Collection<String> takenIps, String ip) {
    return IpPool.of(name(l3), l3.getSpec(), IpRangeType.Normal, takenIps).requestStatic(ip);
  }

  /** Total, used and free addresses of the L3 network over all its ranges. */
  public static Counts counts(L3NetworkSpec spec, Collection<String> takenIps) {
    IpPool pool = IpPool.of("", spec, null, takenIps);
    return new Counts(pool.total(), pool.used(), pool.free());
  }

  private static String name(L3Network l3) {
    return l3.getMetadata() == null ? "" : l3.getMetadata().getName();
  }
}
