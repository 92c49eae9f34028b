package dev.kumo.reconcilers.ipam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic names of {@code IpAddress} objects: {@code <l3>.<a>-<b>-<c>-<d>}, e.g. {@code
 * pub-net.10-0-0-5}. One address of one L3 network always has the same name, so creating the object
 * is the lock: of two allocators racing for an address, one gets AlreadyExists and retries. The
 * name is a valid RFC 1123 subdomain (what Kubernetes requires of object names) for every valid L3
 * name; an L3 name too long to fit is cut and suffixed with a hash of the whole name.
 */
public final class IpAddressNames {
  /** Longest object name Kubernetes allows. */
  public static final int MAX_LENGTH = 253;

  private static final Pattern SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private IpAddressNames() {}

  /**
   * The name of the {@code IpAddress} object holding {@code ip} on L3 network {@code l3Name}.
   *
   * @throws IllegalArgumentException if the address is not IPv4 or the L3 name is not a valid
   *     object name
   */
  public static String of(String l3Name, String ip) {
    long address = Ipv4.parse(ip);
    if (address == Ipv4.INVALID) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    if (l3Name == null || l3Name.length() > MAX_LENGTH || !SUBDOMAIN.matcher(l3Name).matches()) {
      throw new IllegalArgumentException("not a valid L3 network name: " + l3Name);
    }
    String suffix = "." + Ipv4.format(address).replace('.', '-');
    if (l3Name.length() + suffix.length() <= MAX_LENGTH) {
      return l3Name + suffix;
    }
    String hash = "-" + sha256Hex(l3Name).substring(0, 10);
    String prefix = l3Name.substring(0, MAX_LENGTH - suffix.length() - hash.length());
    while (prefix.endsWith("-") || prefix.endsWith(".")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + hash + suffix;
  }

  /** Whether a name is a valid Kubernetes object name (RFC 1123 subdomain, at most 253). */
  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_LENGTH && SUBDOMAIN.matcher(name).matches();
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
