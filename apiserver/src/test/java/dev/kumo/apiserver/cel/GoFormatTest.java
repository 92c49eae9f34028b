package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoFormatTest {
  @Test
  void quotesStringsLikeStrconvQuote() {
    assertEquals("\"a \\\"b\\\" \\\\ c\\n\\td\"", GoFormat.quote("a \"b\" \\ c\n\td"));
  }

  @Test
  void keepsPrintableUnicodeInQuotedStrings() {
    assertEquals("\"héllo ✓\"", GoFormat.quote("héllo ✓"));
  }

  @Test
  void escapesControlCharactersInQuotedStrings() {
    assertEquals("\"\\x01\\x7f\"", GoFormat.quote("\u0001\u007f"));
  }

  @Test
  void formatsDoublesLikePercentV() {
    assertEquals("1.5", GoFormat.formatDouble(1.5));
    assertEquals("1e+21", GoFormat.formatDouble(1e21));
    assertEquals("100000000000000000000", GoFormat.formatDouble(1e20));
    assertEquals("1e-05", GoFormat.formatDouble(0.00001));
    assertEquals("0.0001", GoFormat.formatDouble(0.0001));
    assertEquals("-2.5e+22", GoFormat.formatDouble(-2.5e22));
    assertEquals("3", GoFormat.formatDouble(3.0));
  }
}
