package dev.kumo.reconcilers.scheduling;

import java.util.List;

/**
 * A host rejected by a filter: the filter's name (ZStack's flow name), the reasons and a detail
 * line for logs and events.
 *
 * @param host host name
 * @param filter name of the rejecting filter
 * @param reasons one or more reasons (capacity can report cpu and memory together)
 * @param detail human-readable numbers behind the rejection
 */
public record Rejection(String host, String filter, List<RejectReason> reasons, String detail) {
  /** Copies the reason list. */
  public Rejection {
    reasons = List.copyOf(reasons);
  }
}
