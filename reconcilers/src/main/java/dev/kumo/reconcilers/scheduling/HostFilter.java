package dev.kumo.reconcilers.scheduling;

import java.util.List;
import java.util.Map;

/** One step of the filter chain: keeps a host or says why not. */
interface HostFilter {

  /**
   * What every filter may read: the request, the inventory, the ledger and the affinity group's
   * placement taken once per evaluation.
   */
  record Context(
      SchedulingRequest request,
      Inventory inventory,
      CapacityLedger ledger,
      Map<String, Integer> groupPlacement) {}

  /** ZStack's flow name, for the rejection's detail. */
  String name();

  /** Null when the host passes; otherwise why it is rejected. May fill fields of {@code c}. */
  Rejection test(Candidate c, Context ctx);

  /** Shorthand for a rejection by this filter. */
  default Rejection reject(Candidate c, String detail, RejectReason... reasons) {
    return new Rejection(c.name, name(), List.of(reasons), detail);
  }
}
