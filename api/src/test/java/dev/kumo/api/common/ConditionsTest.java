package dev.kumo.api.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void firstSetAddsTheConditionStampedWithNowInSeconds() {
    List<Condition> conditions = new ArrayList<>();
    assertTrue(Conditions.set(conditions, ready(ConditionStatus.False, "Scheduling"), T0));
    assertEquals("2026-01-01T00:00:00Z", conditions.get(0).lastTransitionTime);
  }

  @Test
  void transitionTimeStaysWhenOnlyTheReasonChanges() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, ready(ConditionStatus.False, "Scheduling"), T0);
    assertTrue(Conditions.set(conditions, ready(ConditionStatus.False, "NoCapacity"), T1));
    assertEquals(1, conditions.size());
    assertEquals("NoCapacity", conditions.get(0).reason);
    assertEquals("2026-01-01T00:00:00Z", conditions.get(0).lastTransitionTime);
  }

  @Test
  void transitionTimeMovesWhenTheStatusFlips() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, ready(ConditionStatus.False, "Scheduling"), T0);
    Conditions.set(conditions, ready(ConditionStatus.True, "Running"), T1);
    assertEquals("2026-01-01T00:05:00Z", conditions.get(0).lastTransitionTime);
    assertTrue(Conditions.isTrue(conditions, ConditionTypes.READY));
  }

  @Test
  void settingTheSameConditionAgainReportsNoChange() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, ready(ConditionStatus.True, "Running"), T0);
    assertFalse(Conditions.set(conditions, ready(ConditionStatus.True, "Running"), T1));
  }

  @Test
  void otherTypesAreLeftAlone() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, ready(ConditionStatus.True, "Running"), T0);
    Conditions.set(
        conditions,
        new Condition(ConditionTypes.SCHEDULED, ConditionStatus.True, "Scheduled", "on host-1"),
        T1);
    assertEquals(2, conditions.size());
    assertFalse(Conditions.find(conditions, "Missing").isPresent());
  }

  private static Condition ready(ConditionStatus status, String reason) {
    return new Condition(ConditionTypes.READY, status, reason, reason + " message");
  }
}
