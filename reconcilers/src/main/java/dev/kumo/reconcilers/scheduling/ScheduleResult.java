package dev.kumo.reconcilers.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The scheduler's decision: a host with its reservation, or why there is none. */
public sealed interface ScheduleResult {

  /** Condition reason for a successful placement. */
  String SCHEDULED = "Scheduled";

  /** Condition reason when no host fits (retried with backoff). */
  String NO_CAPACITY = "NoCapacity";

  /** Condition reason when the VM's spec or references cannot be scheduled as given. */
  String INVALID_SPEC = "InvalidSpec";

  /** Condition reason when concurrent schedulers kept taking the capacity found (retry). */
  String CONFLICT = "Conflict";

  /** Condition reason: one of the constants above. */
  String reason();

  /** Human-readable condition message. */
  String message();

  /**
   * The VM is placed; capacity is held in the ledger until {@link CapacityLedger#release}.
   *
   * @param reservation what the ledger holds
   * @param host chosen host
   * @param cluster the host's cluster
   * @param zone the cluster's zone
   * @param primaryStorage chosen primary storage for the root volume, or null
   * @param feasibleHosts hosts that passed every filter
   * @param totalHosts hosts considered
   */
  record Scheduled(
      Reservation reservation,
      String host,
      String cluster,
      String zone,
      String primaryStorage,
      int feasibleHosts,
      int totalHosts)
      implements ScheduleResult {
    @Override
    public String reason() {
      return SCHEDULED;
    }

    @Override
    public String message() {
      return "assigned to host " + host + " (" + feasibleHosts + "/" + totalHosts + " hosts fit)";
    }
  }

  /**
   * No host can take the VM.
   *
   * @param reason condition reason ({@link #NO_CAPACITY}, {@link #INVALID_SPEC} or {@link
   *     #CONFLICT})
   * @param message aggregated message, e.g. "0/3 hosts available: 2 insufficient memory, 1
   *     disabled."
   * @param totalHosts hosts considered
   * @param rejections each rejected host with its filter and reasons, by host name
   */
  record Unschedulable(String reason, String message, int totalHosts, List<Rejection> rejections)
      implements ScheduleResult {
    /** Copies the list. */
    public Unschedulable {
      rejections = List.copyOf(rejections);
    }

    /** How many hosts each reason rejected (a host rejected for cpu and memory counts in both). */
    public Map<RejectReason, Integer> counts() {
      return ScheduleResult.counts(rejections);
    }
  }

  /** Counts the reasons. */
  static Map<RejectReason, Integer> counts(List<Rejection> rejections) {
    Map<RejectReason, Integer> counts = new EnumMap<>(RejectReason.class);
    for (Rejection r : rejections) {
      for (RejectReason reason : r.reasons()) {
        counts.merge(reason, 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * kube-scheduler style summary: "{@code fit}/{@code total} hosts available: 2 insufficient
   * memory, 1 disabled." Reasons by count descending, then alphabetically.
   */
  static String summary(int fit, int total, List<Rejection> rejections) {
    if (total == 0) {
      return "0/0 hosts available: no hosts.";
    }
    List<Map.Entry<RejectReason, Integer>> entries = new ArrayList<>(counts(rejections).entrySet());
    entries.sort(
        Comparator.<Map.Entry<RejectReason, Integer>>comparingInt(e -> -e.getValue())
            .thenComparing(e -> e.getKey().text()));
    String body =
        entries.stream()
            .map(e -> e.getValue() + " " + e.getKey().text())
            .collect(Collectors.joining(", "));
    return fit + "/" + total + " hosts available" + (body.isEmpty() ? "." : ": " + body + ".");
  }
}
