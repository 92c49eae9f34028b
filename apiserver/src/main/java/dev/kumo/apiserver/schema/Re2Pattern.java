package dev.kumo.apiserver.schema;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A schema {@code pattern}, written in Go's RE2 syntax, compiled once for {@link
 * java.util.regex}.
 *
 * <p>The translation covers where the two dialects read the same text differently: {@code $} means
 * end of text in RE2 (Java also matches before a final newline), {@code .} excludes only {@code
 * \n}, {@code \s} excludes vertical tab, a {@code [} or {@code &&} inside a class is literal, {@code
 * {} that starts no repetition is literal, and RE2 spells named groups {@code (?P<name>)}, POSIX
 * classes {@code [:alpha:]}, scripts {@code \p{Greek}} and octal escapes {@code \012}. Constructs
 * RE2 rejects (look-around, back-references) are not reproduced: kube-apiserver refuses a CRD whose
 * pattern RE2 cannot compile.
 */
public final class Re2Pattern {

  private static final Pattern REPETITION = Pattern.compile("\\{\\d+(,\\d*)?}");
  private static final Map<String, String> POSIX_CLASSES =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\p{Space}"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));

  private final String source;
  private final Pattern compiled;

  private Re2Pattern(String source, Pattern compiled) {
    this.source = source;
    this.compiled = compiled;
  }

  /**
   * Compiles an RE2 pattern.
   *
   * @throws IllegalArgumentException if the pattern is not valid
   */
  public static Re2Pattern compile(String re2) {
    Objects.requireNonNull(re2, "re2");
    try {
      return new Re2Pattern(
          re2, Pattern.compile(toJava(re2), Pattern.UNIX_LINES | Pattern.UNICODE_CASE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid pattern " + GoFormat.quote(re2) + ": " + e.getDescription(), e);
    }
  }

  /** The pattern as written in the schema, which is what error messages quote. */
  public String source() {
    return source;
  }

  /** Whether the pattern matches anywhere in {@code value}, like Go's {@code MatchString}. */
  public boolean matches(String value) {
    return compiled.matcher(value).find();
  }

  java.util.regex.Matcher matcher(String value) {
    return compiled.matcher(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Re2Pattern other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }

  static String toJava(String re2) {
    StringBuilder out = new StringBuilder(re2.length() + 8);
    boolean inClass = false;
    boolean multiline = false;
    int i = 0;
    while (i < re2.length()) {
      char c = re2.charAt(i);
      if (c == '\\') {
        i = translateEscape(re2, i, inClass, out);
        continue;
      }
      if (inClass) {
        if (c == '[' && re2.startsWith("[:", i)) {
          int end = re2.indexOf(":]", i + 2);
          if (end < 0) {
            throw new PatternSyntaxException("missing closing :]", re2, i);
          }
          out.append(posixClass(re2.substring(i + 2, end), re2, i));
          i = end + 2;
          continue;
        }
        if (c == ']') {
          inClass = false;
          out.append(c);
        } else if (c == '[' || c == '&') {
          out.append('\\').append(c);
        } else if (c == '-' && startsClassEscape(re2, i + 1)) {
          out.append("\\-");
        } else {
          out.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          out.append('[');
          i++;
          if (i < re2.length() && re2.charAt(i) == '^') {
            out.append('^');
            i++;
          }
          if (i < re2.length() && re2.charAt(i) == ']') {
            out.append("\\]");
            i++;
          }
          continue;
        }
        case '$' -> out.append(multiline ? "$" : "\\z");
        case '(' -> {
          if (re2.startsWith("(?P<", i)) {
            out.append("(?<");
            i += 4;
            continue;
          }
          if (re2.startsWith("(?", i) && enablesMultiline(re2, i + 2)) {
            multiline = true;
          }
          out.append(c);
        }
        case '{' -> {
          var m = REPETITION.matcher(re2).region(i, re2.length());
          if (m.lookingAt()) {
            out.append(m.group());
            i = m.end();
            continue;
          }
          out.append("\\{");
        }
        default -> out.append(c);
      }
      i++;
    }
    return out.toString();
  }

  private static int translateEscape(String re2, int i, boolean inClass, StringBuilder out) {
    if (i + 1 >= re2.length()) {
      throw new PatternSyntaxException("trailing backslash at end of expression", re2, i);
    }
    char e = re2.charAt(i + 1);
    switch (e) {
      case 'Q' -> {
        int end = re2.indexOf("\\E", i + 2);
        String literal = end < 0 ? re2.substring(i + 2) : re2.substring(i + 2, end);
        literal
            .codePoints()
            .forEach(
                cp -> {
                  if (!Character.isLetterOrDigit(cp)) {
                    out.append('\\');
                  }
                  out.appendCodePoint(cp);
                });
        return end < 0 ? re2.length() : end + 2;
      }
      case 's' -> out.append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
      case 'S' ->
          out.append(inClass ? "\\x00-\\x08\\x0B\\x0E-\\x1F\\x21-\\x{10FFFF}" : "[^\\t\\n\\f\\r ]");
      case 'v' -> out.append("\\x0B");
      case 'p', 'P' -> {
        return translateUnicodeClass(re2, i, e == 'P', inClass, out);
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int j = i + 1;
        int end = Math.min(re2.length(), i + 4);
        while (j < end && re2.charAt(j) >= '0' && re2.charAt(j) <= '7') {
          j++;
        }
        if (e != '0' && j == i + 2) {
          throw new PatternSyntaxException("back-references are not supported", re2, i);
        }
        out.append("\\x{")
            .append(Integer.toHexString(Integer.parseInt(re2.substring(i + 1, j), 8)));
        out.append('}');
        return j;
      }
      default -> out.append('\\').append(e);
    }
    return i + 2;
  }

  private static int translateUnicodeClass(
      String re2, int i, boolean negated, boolean inClass, StringBuilder out) {
    String name;
    int next;
    if (i + 2 < re2.length() && re2.charAt(i + 2) == '{') {
      int close = re2.indexOf('}', i + 3);
      if (close < 0) {
        throw new PatternSyntaxException("missing closing }", re2, i);
      }
      name = re2.substring(i + 3, close);
      next = close + 1;
    } else if (i + 2 < re2.length()) {
      name = re2.substring(i + 2, i + 3);
      next = i + 3;
    } else {
      throw new PatternSyntaxException("invalid character class range", re2, i);
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    if (name.equals("Any")) {
      String range = "\\x{0}-\\x{10FFFF}";
      if (inClass && negated) {
        throw new PatternSyntaxException("\\P{Any} inside a class is not supported", re2, i);
      }
      out.append(inClass ? range : (negated ? "[^" : "[") + range + "]");
      return next;
    }
    String javaName = name.length() <= 2 ? name : "Is" + name;
    out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
    return next;
  }

  private static boolean startsClassEscape(String re2, int i) {
    return i + 1 < re2.length()
        && re2.charAt(i) == '\\'
        && "pPdDwWsS".indexOf(re2.charAt(i + 1)) >= 0;
  }

  private static String posixClass(String name, String re2, int index) {
    boolean negated = name.startsWith("^");
    String java = POSIX_CLASSES.get(negated ? name.substring(1) : name);
    if (java == null) {
      throw new PatternSyntaxException("invalid character class range", re2, index);
    }
    if (!negated) {
      return java;
    }
    return java.equals("\\w") ? "\\W" : java.replace("\\p{", "\\P{");
  }

  private static boolean enablesMultiline(String re2, int flagsStart) {
    for (int j = flagsStart; j < re2.length(); j++) {
      char f = re2.charAt(j);
      if (f == 'm') {
        return true;
      }
      if (f == '-' || f == ':' || f == ')') {
        return false;
      }
    }
    return false;
  }
}
