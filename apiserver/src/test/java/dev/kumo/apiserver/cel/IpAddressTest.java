package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IpAddressTest {
  private static String reason(String text) {
    return assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(text)).getMessage();
  }

  @Test
  void printsIpv6InCanonicalForm() {
    assertEquals(
        "2001:db8::1", IpAddress.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").toString());
    assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.parse("2001:db8:0:1:1:1:1:1").toString());
    assertEquals("2001:0:0:1::1", IpAddress.parse("2001:0:0:1:0:0:0:1").toString());
    assertEquals("::", IpAddress.parse("::").toString());
    assertEquals("::102:304", IpAddress.parse("::1.2.3.4").toString());
  }

  @Test
  void rejectsIpv4LeadingZeros() {
    assertEquals(
        "IP Address \"10.01.0.1\" parse error during conversion from string:"
            + " ParseAddr(\"10.01.0.1\"): IPv4 field has octet with leading zero",
        reason("10.01.0.1"));
  }

  @Test
  void rejectsShortIpv4() {
    assertEquals(
        "IP Address \"10.0.1\" parse error during conversion from string: ParseAddr(\"10.0.1\"):"
            + " IPv4 address too short",
        reason("10.0.1"));
  }

  @Test
  void rejectsIpv4MappedIpv6() {
    assertEquals(
        "IPv4-mapped IPv6 address \"::ffff:10.0.0.1\" is not allowed", reason("::ffff:10.0.0.1"));
  }

  @Test
  void rejectsZones() {
    assertEquals(
        "IP address \"fe80::1%eth0\" with zone value is not allowed", reason("fe80::1%eth0"));
  }

  @Test
  void rejectsMalformedIpv6() {
    assertEquals(
        "IP Address \"1::2::3\" parse error during conversion from string: ParseAddr(\"1::2::3\"):"
            + " multiple :: in address",
        reason("1::2::3"));
    assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1:2:3:4:5:6:7"));
    assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1:2:3:4:5:6:7:8:9"));
    assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("12345::"));
  }

  @Test
  void masksToAPrefix() {
    assertEquals("10.1.0.0", IpAddress.parse("10.1.255.3").masked(16).toString());
    assertEquals("10.1.128.0", IpAddress.parse("10.1.255.3").masked(17).toString());
  }

  @Test
  void rejectsCidrsWithABadPrefixLength() {
    assertEquals(
        "network address parse error during conversion from string:"
            + " netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range",
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
  }
}
