package dev.kumo.reconcilers.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Ipv4Test {

  @Test
  void parsesAndFormatsRoundTrip() {
    assertEquals(0L, Ipv4.parse("0.0.0.0"));
    assertEquals(0xffffffffL, Ipv4.parse("255.255.255.255"));
    assertEquals(0x0a000105L, Ipv4.parse("10.0.1.5"));
    assertEquals("10.0.1.5", Ipv4.format(0x0a000105L));
    assertEquals("255.255.255.255", Ipv4.format(0xffffffffL));
  }

  @Test
  void rejectsAnythingButCanonicalDottedQuads() {
    for (String bad :
        new String[] {
          null,
          "",
          "1",
          "1.2.3",
          "1.2.3.4.",
          ".1.2.3.4",
          "1..2.3",
          "256.0.0.1",
          "01.2.3.4",
          "1.2.3.4 ",
          "+1.2.3.4",
          "1.2.3.-4",
          "1.2.3.4/24",
          "0001.2.3.4",
          "a.b.c.d",
          "::1"
        }) {
      assertEquals(Ipv4.INVALID, Ipv4.parse(bad), String.valueOf(bad));
    }
  }
}
