package dev.kumo.reconcilers.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.Patterns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MacPlannerTest {
  private static final Pattern UNICAST = Pattern.compile(Patterns.UNICAST_MAC);

  @Test
  void macFollowsZstackScheme() {
    String mac = MacPlanner.random(3, List.of(), new SplittableRandom(1)).orElseThrow();
    assertTrue(mac.matches("fa(:[0-9a-f]{2}){4}:03"), mac);
    assertTrue(UNICAST.matcher(mac).matches(), mac);
    assertEquals("fa:12:34:ab:cd:ff", MacPlanner.format(0x1234abcd, 255));
    assertEquals("fa:00:00:00:00:00", MacPlanner.format(0, 256));
  }

  @Test
  void seededMacIsStableAndDiffersBySeed() {
    String a = MacPlanner.fromSeed("vm-uid/eth0", 0, List.of()).orElseThrow();
    assertEquals(a, MacPlanner.fromSeed("vm-uid/eth0", 0, List.of()).orElseThrow());
    assertNotEquals(a, MacPlanner.fromSeed("vm-uid/eth1", 0, List.of()).orElseThrow());
    assertTrue(UNICAST.matcher(a).matches(), a);
  }

  @Test
  void seededMacAvoidsTakenMacsWhateverTheirCase() {
    String first = MacPlanner.fromSeed("seed", 1, List.of()).orElseThrow();
    String second = MacPlanner.fromSeed("seed", 1, List.of(first.toUpperCase())).orElseThrow();
    assertNotEquals(first, second);
    assertTrue(second.endsWith(":01"));
  }

  @Test
  void randomMacsAreUniqueAcrossAManyNicL2() {
    RandomGenerator rnd = new SplittableRandom(42);
    List<String> taken = new ArrayList<>();
    Set<String> set = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String mac = MacPlanner.random(0, set, rnd).orElseThrow();
      assertTrue(set.add(mac), "duplicate " + mac);
      taken.add(mac);
    }
    assertEquals(1000, new HashSet<>(taken).size());
  }

  @Test
  void collidingGeneratorRetriesThenGivesUp() {
    // a generator that always returns the same value: the first call succeeds, then all collide
    RandomGenerator stuck = () -> 0L;
    String mac = MacPlanner.random(7, List.of(), stuck).orElseThrow();
    assertEquals("fa:00:00:00:00:07", mac);
    assertTrue(MacPlanner.random(7, List.of(mac), stuck).isEmpty());
    // a generator that collides once then moves on is retried
    long[] values = {0L, 1L << 32 | 1L};
    int[] calls = {0};
    RandomGenerator once = () -> values[Math.min(calls[0]++, 1)];
    assertEquals("fa:00:00:00:01:07", MacPlanner.random(7, List.of(mac), once).orElseThrow());
  }

  @Test
  void nullInputsDoNotCrash() {
    assertTrue(MacPlanner.fromSeed(null, 0, null).isPresent());
    assertTrue(MacPlanner.random(0, null, new SplittableRandom(1)).isPresent());
  }
}
