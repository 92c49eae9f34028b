package dev.kumo.apiserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {
  private final EventRing<Long> ring = new EventRing<>(3, Long::longValue);

  @Test
  void keepsTheNewestEventsAndReturnsTheEvicted() {
    assertNull(ring.add(10L));
    assertNull(ring.add(11L));
    assertNull(ring.add(13L));
    assertEquals(10L, ring.add(14L));
    assertEquals(11L, ring.add(15L));
    assertEquals(3, ring.size());
    assertEquals(List.of(13L, 14L, 15L), ring.after(0));
  }

  @Test
  void findsTheEventsAfterARevision() {
    for (long revision : new long[] {5, 7, 7, 9}) {
      ring.add(revision);
    }
    assertEquals(List.of(7L, 7L, 9L), ring.after(6));
    assertEquals(List.of(9L), ring.after(7));
    assertEquals(List.of(), ring.after(9));
    assertEquals(List.of(), ring.after(100));
  }

  @Test
  void clearEmptiesTheRing() {
    ring.add(1L);
    ring.clear();
    assertEquals(List.of(), ring.after(0));
    assertNull(ring.add(2L));
    assertEquals(List.of(2L), ring.after(0));
  }

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new EventRing<Long>(0, Long::longValue));
  }
}
