package dev.kumo.reconcilers.infra;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.KumoStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a condition into a status with the observed generation, keeping lastTransitionTime when the
 * status does not flip ({@link Conditions#set}).
 */
public final class StatusConditions {
  private StatusConditions() {}

  /**
   * A computed condition without its time, what a reconciler decides.
   *
   * @param status True, False or Unknown
   * @param reason CamelCase reason
   * @param message human-readable detail
   */
  public record Verdict(ConditionStatus status, String reason, String message) {
    /** A True verdict. */
    public static Verdict ok(String reason, String message) {
      return new Verdict(ConditionStatus.True, reason, message);
    }

    /** A False verdict. */
    public static Verdict no(String reason, String message) {
      return new Verdict(ConditionStatus.False, reason, message);
    }

    /** Whether the verdict is True. */
    public boolean isTrue() {
      return status == ConditionStatus.True;
    }
  }

  /** Sets condition {@code type} from the verdict; returns true when the status changed. */
  public static boolean put(
      KumoStatus status, String type, Verdict verdict, Long generation, Instant now) {
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    Condition c = new Condition(type, verdict.status(), verdict.reason(), verdict.message());
    c.observedGeneration = generation;
    return Conditions.set(status.conditions, c, now);
  }

  /** The condition of a type in a possibly null status. */
  public static Optional<Condition> find(KumoStatus status, String type) {
    return status == null ? Optional.empty() : Conditions.find(status.conditions, type);
  }

  /** Whether the condition {@code type} carried another reason or message before. */
  public static boolean changed(Condition before, Verdict after) {
    return before == null
        || before.status != after.status()
        || !Objects.equals(before.reason, after.reason())
        || !Objects.equals(before.message, after.message());
  }

  /**
   * A list of names for a message: all of them up to {@code limit}, then "and N more".
   *
   * @param names the names, already in the order to show
   */
  public static String names(List<String> names, int limit) {
    if (names.size() <= limit) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, limit)) + " and " + (names.size() - limit) + " more";
  }
}
