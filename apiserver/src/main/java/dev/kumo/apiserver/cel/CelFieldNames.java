package dev.kumo.apiserver.cel;

import java.util.Optional;
import java.util.Set;

/**
 * Maps schema property names to the CEL identifiers rules use for them, with Kubernetes' escaping:
 * {@code __} → {@code __underscores__}, {@code .} → {@code __dot__}, {@code -} → {@code __dash__},
 * {@code /} → {@code __slash__}, and a CEL reserved word {@code w} → {@code __w__}.
 */
final class CelFieldNames {
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private CelFieldNames() {}

  /**
   * The escaped identifier for {@code property}, or empty when the property cannot be reached from
   * CEL (it starts with a digit or holds characters outside {@code [a-zA-Z0-9_.\-/]}).
   */
  static Optional<String> escape(String property) {
    if (property.isEmpty() || Character.isDigit(property.charAt(0))) {
      return Optional.empty();
    }
    if (RESERVED.contains(property)) {
      return Optional.of("__" + property + "__");
    }
    StringBuilder escaped = new StringBuilder(property.length());
    for (int i = 0; i < property.length(); i++) {
      char c = property.charAt(i);
      if (c == '_' && i + 1 < property.length() && property.charAt(i + 1) == '_') {
        escaped.append("__underscores__");
        i++;
      } else if (c == '.') {
        escaped.append("__dot__");
      } else if (c == '-') {
        escaped.append("__dash__");
      } else if (c == '/') {
        escaped.append("__slash__");
      } else if (c == '_' || isAsciiLetterOrDigit(c)) {
        escaped.append(c);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(escaped.toString());
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
