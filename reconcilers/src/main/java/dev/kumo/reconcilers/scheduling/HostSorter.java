package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The sort chain: orders the hosts that passed the filters, best first.
 *
 * <ol>
 *   <li>Soft affinity groups first (ZStack: "as far as possible; when no more hosts can be used,
 *       fall back to the normal strategy"): for AntiAffinity, fewer group members on the host; for
 *       Affinity, hosts already running members (or any host while none runs).
 *   <li>The strategy: LeastVmPreferred and MaxInstancePerHost by VM count ascending;
 *       MinimumCPUUsage/MinimumMemoryUsage by average utilisation ascending, hosts without data
 *       last (Soft mode; Hard mode filtered them out), then by VM count.
 *   <li>Host name, so equal hosts are always ordered the same way.
 * </ol>
 */
final class HostSorter {
  private HostSorter() {}

  static void sort(List<Candidate> candidates, HostFilter.Context ctx) {
    candidates.sort(comparator(ctx));
  }

  static Comparator<Candidate> comparator(HostFilter.Context ctx) {
    SchedulingRequest r = ctx.request();
    Comparator<Candidate> cmp = Comparator.comparingInt(c -> softAffinityPenalty(c, r, ctx));
    switch (r.strategy()) {
      case MinimumCPUUsage ->
          cmp = cmp.thenComparing(c -> HostFilters.cpuUsage(c, ctx), nullsLast());
      case MinimumMemoryUsage ->
          cmp = cmp.thenComparing(c -> HostFilters.memoryUsage(c, ctx), nullsLast());
      default -> {}
    }
    return cmp.thenComparingInt((Candidate c) -> ctx.ledger().usage(c.name).vms())
        .thenComparing(c -> c.name);
  }

  private static Comparator<Double> nullsLast() {
    return Comparator.nullsLast(Comparator.naturalOrder());
  }

  static int softAffinityPenalty(Candidate c, SchedulingRequest r, HostFilter.Context ctx) {
    if (r.group() == null || r.policy() == null || r.groupMode() != AllocatorMode.Soft) {
      return 0;
    }
    Map<String, Integer> placement = ctx.groupPlacement();
    if (r.policy() == AffinityPolicy.AntiAffinity) {
      return placement.getOrDefault(c.name, 0);
    }
    return placement.isEmpty() || placement.containsKey(c.name) ? 0 : 1;
  }
}
