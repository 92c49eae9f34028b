package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {
  @Test
  void parsesGoDurations() {
    assertEquals(Duration.ofMinutes(90), GoDurations.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), GoDurations.parse("1.5s"));
    assertEquals(Duration.ofMillis(-300), GoDurations.parse("-300ms"));
    assertEquals(Duration.ofNanos(2_000), GoDurations.parse("2\u00b5s"));
    assertEquals(Duration.ZERO, GoDurations.parse("0"));
  }

  @Test
  void parsesDaysAndWeeks() {
    assertEquals(Duration.ofDays(9), GoDurations.parse("1w2d"));
  }

  @Test
  void rejectsNumbersWithoutUnits() {
    assertThrows(IllegalArgumentException.class, () -> GoDurations.parse("10"));
  }
}
