package dev.kumo.reconcilers.ipam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * MAC addresses for VM NICs in ZStack's scheme ({@code NetworkUtils.generateMacWithDeviceId}):
 * {@code fa:xx:xx:xx:xx:dd}, where {@code fa} is a locally administered unicast first octet, the
 * middle four octets are random and the last is the NIC's device id. ZStack retries on a duplicate
 * key in the database; here the caller passes the MACs already used on the L2 network and the
 * planner returns one that is not among them.
 */
public final class MacPlanner {
  /** First octet of every generated MAC (locally administered, unicast). */
  public static final String PREFIX = "fa";

  /** How many candidates are tried before giving up (the space has 2^32 per device id). */
  public static final int MAX_ATTEMPTS = 64;

  private MacPlanner() {}

  /**
   * A MAC derived from a seed (e.g. the VM's uid and NIC name), so the same NIC gets the same MAC
   * on every reconcile until it is recorded; on a collision the seed is re-hashed with an attempt
   * counter. Empty only if {@link #MAX_ATTEMPTS} candidates all collide.
   *
   * @param seed any stable text identifying the NIC
   * @param deviceId the NIC's device id; its low 8 bits become the last octet
   * @param takenMacs MACs already used on the L2 network (any case)
   */
  public static Optional<String> fromSeed(String seed, int deviceId, Collection<String> takenMacs) {
    Set<String> taken = normalise(takenMacs);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[] hash = sha256((seed == null ? "" : seed) + "#" + attempt);
      int middle =
          (hash[0] & 255) << 24 | (hash[1] & 255) << 16 | (hash[2] & 255) << 8 | hash[3] & 255;
      String mac = format(middle, deviceId);
      if (!taken.contains(mac)) {
        return Optional.of(mac);
      }
    }
    return Optional.empty();
  }

  /**
   * A random MAC not among {@code takenMacs}, as ZStack does it. Empty only if {@link
   * #MAX_ATTEMPTS} candidates all collide.
   */
  public static Optional<String> random(
      int deviceId, Collection<String> takenMacs, RandomGenerator random) {
    Set<String> taken = normalise(takenMacs);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String mac = format(random.nextInt(), deviceId);
      if (!taken.contains(mac)) {
        return Optional.of(mac);
      }
    }
    return Optional.empty();
  }

  /** {@code fa:} + the four bytes of {@code middle} + the device id's low byte, lower case. */
  static String format(int middle, int deviceId) {
    return String.format(
        Locale.ROOT,
        "%s:%02x:%02x:%02x:%02x:%02x",
        PREFIX,
        middle >>> 24 & 255,
        middle >>> 16 & 255,
        middle >>> 8 & 255,
        middle & 255,
        deviceId & 255);
  }

  private static Set<String> normalise(Collection<String> macs) {
    Set<String> set = new HashSet<>();
    if (macs != null) {
      for (String mac : macs) {
        if (mac != null) {
          set.add(mac.toLowerCase(Locale.ROOT));
        }
      }
    }
    return set;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
