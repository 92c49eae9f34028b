package dev.kumo.reconcilers.ipam;

import dev.kumo.api.network.v1alpha1.IpAllocationStrategy;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpRangeType;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.api.network.v1alpha1.ReservedRange;
import dev.kumo.reconcilers.ipam.IpDecision.Allocated;
import dev.kumo.reconcilers.ipam.IpDecision.Reason;
import dev.kumo.reconcilers.ipam.IpDecision.Refused;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The allocatable addresses of one L3 network (optionally only its ranges of one {@link
 * IpRangeType}) and the addresses already taken, as IPv4 arithmetic: the ranges are kept as sorted
 * disjoint intervals minus gateways, subnet network/broadcast addresses and reserved ranges, and
 * the taken addresses as merged runs, so a /16 is never materialised and each decision costs O(log
 * n).
 *
 * <p>A pool is built from the spec and the existing {@code IpAddress} objects for one reconcile;
 * {@link #markTaken} lets a caller record its own allocations (or a name collision) and ask again
 * without rebuilding. It is not thread-safe.
 */
public final class IpPool {
  private final String l3Name;
  private final IpRangeType rangeType;
  private final List<IpRange> ranges = new ArrayList<>();
  private final List<long[]> rangeBounds = new ArrayList<>(); // start, end, network, broadcast
  private final Set<Long> gateways = new HashSet<>();
  private final long[] reservedLo;
  private final long[] reservedHi;
  private final long[] lo;
  private final long[] hi;
  private final long[] before; // allocatable addresses in the intervals before index i
  private final long total;
  private final TreeMap<Long, Long> takenRuns = new TreeMap<>();
  private long taken;
  private long takenInPool;
  private final List<String> problems = new ArrayList<>();

  private IpPool(String l3Name, L3NetworkSpec spec, IpRangeType rangeType) {
    this.l3Name = l3Name == null ? "" : l3Name;
    this.rangeType = rangeType;
    List<IpRange> all = spec == null || spec.ipRanges == null ? List.of() : spec.ipRanges;
    List<long[]> exclusions = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      IpRange range = all.get(i);
      if (range == null) {
        continue;
      }
      long gateway = Ipv4.parse(range.gateway);
      if (gateway != Ipv4.INVALID) {
        gateways.add(gateway);
        exclusions.add(new long[] {gateway, gateway});
      } else if (range.gateway != null) {
        problems.add("spec.ipRanges[" + i + "].gateway is not an IPv4 address: " + range.gateway);
      }
      if (rangeType != null && typeOf(range) != rangeType) {
        continue;
      }
      long start = Ipv4.parse(range.startIp);
      long end = Ipv4.parse(range.endIp);
      if (start == Ipv4.INVALID || end == Ipv4.INVALID || start > end) {
        problems.add("spec.ipRanges[" + i + "] is not a valid IPv4 range; it is ignored");
        continue;
      }
      long[] subnet = subnet(range, start);
      if (subnet == null && (range.netmask != null || range.prefixLength != null)) {
        problems.add("spec.ipRanges[" + i + "] has an invalid netmask or prefix length");
      }
      long network = subnet == null ? Ipv4.INVALID : subnet[0];
      long broadcast = subnet == null ? Ipv4.INVALID : subnet[0] + subnet[1] - 1;
      if (subnet != null) {
        exclusions.add(new long[] {network, network});
        exclusions.add(new long[] {broadcast, broadcast});
      }
      ranges.add(range);
      rangeBounds.add(new long[] {start, end, network, broadcast});
    }
    List<long[]> reserved = new ArrayList<>();
    List<ReservedRange> reservedRanges =
        spec == null || spec.reservedRanges == null ? List.of() : spec.reservedRanges;
    for (int i = 0; i < reservedRanges.size(); i++) {
      ReservedRange r = reservedRanges.get(i);
      long start = r == null ? Ipv4.INVALID : Ipv4.parse(r.startIp);
      long end = r == null ? Ipv4.INVALID : Ipv4.parse(r.endIp);
      if (start == Ipv4.INVALID || end == Ipv4.INVALID || start > end) {
        problems.add("spec.reservedRanges[" + i + "] is not a valid IPv4 range; it is ignored");
        continue;
      }
      reserved.add(new long[] {start, end});
    }
    List<long[]> reservedMerged = merge(reserved);
    reservedLo = reservedMerged.stream().mapToLong(r -> r[0]).toArray();
    reservedHi = reservedMerged.stream().mapToLong(r -> r[1]).toArray();
    exclusions.addAll(reservedMerged);
    List<long[]> space =
        subtract(
            merge(rangeBounds.stream().map(b -> new long[] {b[0], b[1]}).toList()), exclusions);
    lo = space.stream().mapToLong(r -> r[0]).toArray();
    hi = space.stream().mapToLong(r -> r[1]).toArray();
    before = new long[lo.length + 1];
    for (int i = 0; i < lo.length; i++) {
      before[i + 1] = before[i] + hi[i] - lo[i] + 1;
    }
    total = before[lo.length];
  }

  /**
   * A pool of all ranges of one type.
   *
   * @param l3Name the L3 network's name, for messages
   * @param spec the L3 network's spec
   * @param rangeType only ranges of this type (ZStack allocates from Normal ranges unless an
   *     AddressPool is asked for); null for every range, as the status counts want
   * @param takenIps addresses already allocated on the L3 network (invalid strings are ignored)
   */
  public static IpPool of(
      String l3Name, L3NetworkSpec spec, IpRangeType rangeType, Collection<String> takenIps) {
    IpPool pool = new IpPool(l3Name, spec, rangeType);
    if (takenIps != null) {
      for (String ip : takenIps) {
        long address = Ipv4.parse(ip);
        if (address != Ipv4.INVALID) {
          pool.markTaken(address);
        }
      }
    }
    return pool;
  }

  /** Allocatable addresses: the ranges minus gateways, network/broadcast and reserved addresses. */
  public long total() {
    return total;
  }

  /** Distinct taken addresses, including those outside the ranges (e.g. of a removed range). */
  public long used() {
    return taken;
  }

  /** Allocatable addresses not taken. */
  public long free() {
    return total - takenInPool;
  }

  /** Spec entries the pool had to ignore or could not fully interpret (empty for a valid spec). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Whether the address is taken. */
  public boolean isTaken(long address) {
    Map.Entry<Long, Long> run = takenRuns.floorEntry(address);
    return run != null && run.getValue() >= address;
  }

  /** Whether the address is allocatable (in a range, not excluded), taken or not. */
  public boolean isAllocatable(long address) {
    int i = intervalAtOrAfter(address);
    return i < lo.length && lo[i] <= address;
  }

  /**
   * Records an address as taken: an allocation just made, or one found taken when its {@code
   * IpAddress} object could not be created. Returns false if it was taken already.
   */
  public boolean markTaken(long address) {
    if (isTaken(address)) {
      return false;
    }
    long start = address;
    long end = address;
    Map.Entry<Long, Long> left = takenRuns.floorEntry(address - 1);
    if (left != null && left.getValue() == address - 1) {
      start = left.getKey();
    }
    Long rightEnd = takenRuns.remove(address + 1);
    if (rightEnd != null) {
      end = rightEnd;
    }
    takenRuns.put(start, end);
    taken++;
    if (isAllocatable(address)) {
      takenInPool++;
    }
    return true;
  }

  /** Records a released address as free again. Returns false if it was not taken. */
  public boolean release(long address) {
    Map.Entry<Long, Long> run = takenRuns.floorEntry(address);
    if (run == null || run.getValue() < address) {
      return false;
    }
    long start = run.getKey();
    long end = run.getValue();
    takenRuns.remove(start);
    if (start < address) {
      takenRuns.put(start, address - 1);
    }
    if (address < end) {
      takenRuns.put(address + 1, end);
    }
    taken--;
    if (isAllocatable(address)) {
      takenInPool--;
    }
    return true;
  }

  /**
   * The next address under a strategy, without marking it taken (the caller claims it by creating
   * the {@code IpAddress} object and then calls {@link #markTaken}, or on a collision marks it
   * taken and asks again).
   *
   * <ul>
   *   <li>{@code FirstAvailable}: the lowest free address over all ranges, in address order.
   *   <li>{@code AscendingDelayRecycle}: the first free address after {@code lastAllocated},
   *       wrapping to the lowest free address at the end, so a released address is reused only
   *       after the cursor has gone round (ZStack's AscDelayRecycleIpAllocatorStrategy).
   *   <li>{@code Random} (also for null): a uniformly random point of the allocatable addresses,
   *       then the first free address from there, wrapping (ZStack's RandomIpAllocatorStrategy
   *       starts at a random point and walks on; concurrent allocators rarely collide).
   * </ul>
   *
   * @param strategy how to pick; null means Random, ZStack's default
   * @param lastAllocated the address the previous ascending allocation handed out, or null to start
   *     at the lowest address; only used by AscendingDelayRecycle
   * @param random the randomness for Random; may be null for the other strategies
   */
  public IpDecision next(
      IpAllocationStrategy strategy, String lastAllocated, RandomGenerator random) {
    if (ranges.isEmpty()) {
      return new Refused(
          Reason.NO_RANGES,
          "L3 network " + l3Name + " has no " + typeWord() + "IP range to allocate from");
    }
    if (free() == 0) {
      return new Refused(
          Reason.EXHAUSTED,
          "all "
              + total
              + " allocatable addresses in the "
              + typeWord()
              + "IP ranges of L3 network "
              + l3Name
              + " are taken");
    }
    IpAllocationStrategy how = strategy == null ? IpAllocationStrategy.Random : strategy;
    long address;
    switch (how) {
      case FirstAvailable -> address = firstFreeFrom(0);
      case AscendingDelayRecycle -> {
        long cursor = Ipv4.parse(lastAllocated);
        address = cursor == Ipv4.INVALID ? Ipv4.INVALID : firstFreeFrom(cursor + 1);
        if (address == Ipv4.INVALID) {
          address = firstFreeFrom(0);
        }
      }
      default -> {
        Objects.requireNonNull(random, "random is needed for the Random strategy");
        address = firstFreeFrom(addressAtRank(random.nextLong(total)));
        if (address == Ipv4.INVALID) {
          address = firstFreeFrom(0);
        }
      }
    }
    return new Allocated(Ipv4.format(address), address, rangeOf(address));
  }

  /**
   * Whether a requested (static) address may be allocated, ZStack's {@code requiredIp}: it must be
   * inside a range of the requested type, not a gateway, not its subnet's network or broadcast
   * address, not reserved and not taken. The strategy plays no part.
   */
  public IpDecision requestStatic(String ip) {
    long address = Ipv4.parse(ip);
    if (address == Ipv4.INVALID) {
      return new Refused(Reason.INVALID_ADDRESS, "'" + ip + "' is not an IPv4 address");
    }
    String on = " on L3 network " + l3Name;
    if (gateways.contains(address)) {
      return new Refused(Reason.GATEWAY, ip + " is the gateway" + on + " and is never allocated");
    }
    int index = rangeIndexOf(address);
    if (index < 0) {
      return new Refused(
          Reason.OUT_OF_RANGE, ip + " is not inside any " + typeWord() + "IP range" + on);
    }
    long[] bounds = rangeBounds.get(index);
    if (address == bounds[2]) {
      return new Refused(Reason.NETWORK_ADDRESS, ip + " is the network address of its subnet" + on);
    }
    if (address == bounds[3]) {
      return new Refused(
          Reason.BROADCAST_ADDRESS, ip + " is the broadcast address of its subnet" + on);
    }
    int r = Arrays.binarySearch(reservedHi, address);
    int ri = r >= 0 ? r : -r - 1;
    if (ri < reservedLo.length && reservedLo[ri] <= address) {
      return new Refused(Reason.RESERVED, ip + " is in a reserved range" + on);
    }
    if (isTaken(address)) {
      return new Refused(Reason.TAKEN, ip + " is already allocated" + on);
    }
    return new Allocated(Ipv4.format(address), address, ranges.get(index));
  }

  /** The range (of this pool's type) holding the address, or null. */
  public IpRange rangeOf(long address) {
    int index = rangeIndexOf(address);
    return index < 0 ? null : ranges.get(index);
  }

  private int rangeIndexOf(long address) {
    for (int i = 0; i < rangeBounds.size(); i++) {
      if (rangeBounds.get(i)[0] <= address && address <= rangeBounds.get(i)[1]) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first interval whose end is at or after the address. */
  private int intervalAtOrAfter(long address) {
    int i = Arrays.binarySearch(hi, address);
    return i >= 0 ? i : -i - 1;
  }

  /** The first free allocatable address at or after {@code from}, or INVALID. */
  private long firstFreeFrom(long from) {
    for (int i = intervalAtOrAfter(from); i < lo.length; i++) {
      long candidate = Math.max(from, lo[i]);
      Map.Entry<Long, Long> run = takenRuns.floorEntry(candidate);
      if (run != null && run.getValue() >= candidate) {
        candidate = run.getValue() + 1; // runs are maximal, so this one is free
      }
      if (candidate <= hi[i]) {
        return candidate;
      }
    }
    return Ipv4.INVALID;
  }

  /** The allocatable address with the given 0-based rank in address order. */
  private long addressAtRank(long rank) {
    int i = Arrays.binarySearch(before, rank);
    int index = i >= 0 ? i : -i - 2;
    return lo[index] + rank - before[index];
  }

  private String typeWord() {
    return rangeType == null ? "" : rangeType + " ";
  }

  private static IpRangeType typeOf(IpRange range) {
    return range.type == null ? IpRangeType.Normal : range.type;
  }

  /** Network address and size of the range's subnet, or null when unknown or invalid. */
  private static long[] subnet(IpRange range, long start) {
    long size;
    if (range.prefixLength != null) {
      if (range.prefixLength < 1 || range.prefixLength > 32) {
        return null;
      }
      size = 1L << (32 - range.prefixLength);
    } else if (range.netmask != null) {
      long mask = Ipv4.parse(range.netmask);
      if (mask <= 0) {
        return null;
      }
      size = (1L << 32) - mask;
      if (Long.bitCount(size) != 1) {
        return null;
      }
    } else {
      return null;
    }
    if (size < 4) {
      return null; // /31 and /32 have no network or broadcast address to avoid
    }
    return new long[] {start - start % size, size};
  }

  private static List<long[]> merge(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(r -> r[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : sorted) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1] + 1) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(new long[] {r[0], r[1]});
      }
    }
    return merged;
  }

  private static List<long[]> subtract(List<long[]> space, List<long[]> exclusions) {
    List<long[]> cuts = merge(exclusions);
    List<long[]> result = new ArrayList<>();
    int c = 0;
    for (long[] r : space) {
      long start = r[0];
      while (c < cuts.size() && cuts.get(c)[1] < start) {
        c++;
      }
      int k = c;
      while (start <= r[1]) {
        if (k >= cuts.size() || cuts.get(k)[0] > r[1]) {
          result.add(new long[] {start, r[1]});
          break;
        }
        long[] cut = cuts.get(k);
        if (cut[0] > start) {
          result.add(new long[] {start, cut[0] - 1});
        }
        start = Math.max(start, cut[1] + 1);
        k++;
      }
    }
    return result;
  }
}
