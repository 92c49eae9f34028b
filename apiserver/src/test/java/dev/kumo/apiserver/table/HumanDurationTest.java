package dev.kumo.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
  private static String of(long seconds) {
    return HumanDuration.format(Duration.ofSeconds(seconds));
  }

  @Test
  void followsKubeHumanDuration() {
    assertEquals("<invalid>", of(-2));
    assertEquals("0s", of(-1));
    assertEquals("0s", of(0));
    assertEquals("119s", of(119));
    assertEquals("2m", of(120));
    assertEquals("5m10s", of(310));
    assertEquals("10m", of(600 + 59));
    assertEquals("179m", of(179 * 60 + 59));
    assertEquals("3h", of(3 * 3600));
    assertEquals("3h4m", of(3 * 3600 + 4 * 60 + 5));
    assertEquals("8h", of(8 * 3600 + 59 * 60));
    assertEquals("47h", of(47 * 3600 + 59));
    assertEquals("2d", of(48 * 3600));
    assertEquals("3d4h", of(3 * 86400 + 4 * 3600 + 59));
    assertEquals("8d", of(8 * 86400 + 5 * 3600));
    assertEquals("729d", of(729 * 86400));
    assertEquals("2y", of(730 * 86400));
    assertEquals("2y10d", of(740 * 86400));
    assertEquals("8y", of(8 * 365 * 86400 + 100 * 86400));
  }

  @Test
  void agesTimestampsAndHandlesMissingOnes() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    assertEquals("5m", HumanDuration.age("2026-11-23T09:55:00Z", now));
    assertEquals("3d4h", HumanDuration.age("2026-11-20T06:00:00+00:00", now));
    assertEquals("<unknown>", HumanDuration.age("", now));
    assertEquals("0s", HumanDuration.age("2026-11-23T10:00:01Z", now));
    assertEquals("<invalid>", HumanDuration.age("2026-11-23T10:00:05Z", now));
  }
}
