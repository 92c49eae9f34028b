package dev.kumo.api.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the conditions list of a status the way Kubernetes API conventions ask: one
 * entry per type, {@code lastTransitionTime} moves only when the status flips.
 */
public final class Conditions {

  private Conditions() {}

  /** The condition of the given type, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  /** True when the condition of the given type is present with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::isTrue).orElse(false);
  }

  /**
   * Puts {@code update} into {@code conditions}, replacing the entry of the same type. The previous
   * {@code lastTransitionTime} is kept when the status did not change; otherwise it becomes {@code
   * now}, truncated to seconds as metav1.Time is.
   *
   * @return true when the list changed in any field, so that callers write status only when needed
   */
  public static boolean set(List<Condition> conditions, Condition update, Instant now) {
    Condition next = new Condition(update.type, update.status, update.reason, update.message);
    next.observedGeneration = update.observedGeneration;
    Optional<Condition> previous = find(conditions, update.type);
    next.lastTransitionTime =
        previous
            .filter(p -> p.status == update.status && p.lastTransitionTime != null)
            .map(p -> p.lastTransitionTime)
            .orElseGet(() -> now.truncatedTo(ChronoUnit.SECONDS).toString());
    if (previous.isPresent() && previous.get().equals(next)) {
      return false;
    }
    previous.ifPresent(conditions::remove);
    conditions.add(next);
    return true;
  }
}
