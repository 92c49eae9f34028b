package dev.kumo.reconcilers.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpAddressNamesTest {

  @Test
  void nameIsL3DotDashedAddress() {
    assertEquals("pub-net.10-0-0-5", IpAddressNames.of("pub-net", "10.0.0.5"));
    assertEquals("a.b.192-168-100-255", IpAddressNames.of("a.b", "192.168.100.255"));
  }

  @Test
  void sameInputsGiveSameNameAndDifferentAddressesDiffer() {
    assertEquals(IpAddressNames.of("net", "10.0.0.5"), IpAddressNames.of("net", "10.0.0.5"));
    assertNotEquals(IpAddressNames.of("net", "10.0.0.5"), IpAddressNames.of("net", "10.0.0.50"));
    assertNotEquals(IpAddressNames.of("net", "10.0.0.5"), IpAddressNames.of("net2", "10.0.0.5"));
    // dashes in the L3 name cannot make two pairs collide: the address follows the last dot
    assertNotEquals(IpAddressNames.of("a-1", "2.3.4.5"), IpAddressNames.of("a", "1.2.3.4"));
  }

  @Test
  void namesAreValidObjectNames() {
    assertTrue(IpAddressNames.isValidName(IpAddressNames.of("x", "1.2.3.4")));
    assertTrue(IpAddressNames.isValidName(IpAddressNames.of("0", "255.255.255.255")));
  }

  @Test
  void longL3NamesAreCutWithAHashAndStayUnique() {
    String base = "n".repeat(240);
    String a = IpAddressNames.of(base + "-aaaaaaaaaa", "10.0.0.1");
    String b = IpAddressNames.of(base + "-aaaaaaaaab", "10.0.0.1");
    assertEquals(IpAddressNames.MAX_LENGTH, a.length(), a);
    assertTrue(IpAddressNames.isValidName(a), a);
    assertTrue(IpAddressNames.isValidName(b), b);
    assertNotEquals(a, b);
    assertTrue(a.endsWith(".10-0-0-1"), a);
    // the cut never leaves a trailing dash or dot before the hash
    String dotted = IpAddressNames.of("m".repeat(226) + "." + "m".repeat(26), "10.0.0.1");
    assertTrue(IpAddressNames.isValidName(dotted), dotted);
    assertFalse(dotted.contains(".-") || dotted.contains("--"), dotted);
  }

  @Test
  void invalidInputIsRejectedClearly() {
    assertThrows(IllegalArgumentException.class, () -> IpAddressNames.of("net", "10.0.0"));
    assertThrows(IllegalArgumentException.class, () -> IpAddressNames.of("Net", "10.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> IpAddressNames.of(null, "10.0.0.1"));
    assertThrows(
        IllegalArgumentException.class, () -> IpAddressNames.of("x".repeat(254), "1.1.1.1"));
  }
}
