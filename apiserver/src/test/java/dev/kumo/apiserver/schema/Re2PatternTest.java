package dev.kumo.apiserver.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Re2Pattern}: RE2 semantics on java.util.regex. */
class Re2PatternTest {

  @Test
  void matchesAnywhereLikeMatchString() {
    assertTrue(Re2Pattern.compile("b+").matches("abbbc"));
  }

  @Test
  void dollarIsTheEndOfText() {
    Re2Pattern p = Re2Pattern.compile("^[a-z]+$");
    assertTrue(p.matches("web"));
    assertFalse(p.matches("web\n"));
  }

  @Test
  void dollarInMultilineModeIsTheEndOfALine() {
    assertTrue(Re2Pattern.compile("(?m)^a$").matches("a\nb"));
  }

  @Test
  void dotExcludesOnlyNewline() {
    assertTrue(Re2Pattern.compile("^a.b$").matches("a\rb"));
    assertFalse(Re2Pattern.compile("^a.b$").matches("a\nb"));
  }

  @Test
  void whitespaceClassExcludesVerticalTab() {
    assertFalse(Re2Pattern.compile("^\\s$").matches("\u000b"));
    assertTrue(Re2Pattern.compile("^[\\s]$").matches("\t"));
  }

  @Test
  void namedGroupsUseThePSyntax() {
    assertTrue(Re2Pattern.compile("^(?P<major>\\d+)\\.(?P<minor>\\d+)$").matches("1.30"));
  }

  @Test
  void posixClasses() {
    assertTrue(Re2Pattern.compile("^[[:alpha:]]+[[:digit:]]$").matches("abc1"));
    assertFalse(Re2Pattern.compile("^[[:^digit:]]$").matches("7"));
  }

  @Test
  void bracketAndAmpersandAreLiteralInsideClasses() {
    assertTrue(Re2Pattern.compile("^[[a]+$").matches("[a["));
    assertTrue(Re2Pattern.compile("^[a&&b]+$").matches("&"));
  }

  @Test
  void braceWithoutRepetitionIsLiteral() {
    assertTrue(Re2Pattern.compile("^{x}$").matches("{x}"));
    assertTrue(Re2Pattern.compile("^a{2}$").matches("aa"));
  }

  @Test
  void unicodeScriptsAndOctalEscapes() {
    assertTrue(Re2Pattern.compile("^\\p{Greek}+$").matches("\u03b1\u03b2"));
    assertTrue(Re2Pattern.compile("^\\101$").matches("A"));
  }

  @Test
  void dashBeforeAClassEscapeIsLiteral() {
    assertTrue(Re2Pattern.compile("^[a-z0-9-\\p{L}]+$").matches("a-\u00e9"));
  }

  @Test
  void keepsTheSourceForMessages() {
    assertEquals("^a$", Re2Pattern.compile("^a$").source());
  }

  @Test
  void rejectsInvalidPatterns() {
    assertThrows(IllegalArgumentException.class, () -> Re2Pattern.compile("a("));
    assertThrows(IllegalArgumentException.class, () -> Re2Pattern.compile("(a)\\1"));
  }
}
