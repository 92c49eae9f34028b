package dev.kumo.apiserver.cel;

import dev.kumo.apiserver.schema.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates and normalizes a rule's {@code fieldPath} against the schema of the node the rule sits
 * on, like Kubernetes' {@code ValidFieldPath}: {@code .spec.startIp} becomes {@code spec.startIp},
 * and {@code ['key']} on a map becomes {@code [key]}.
 */
final class RuleFieldPaths {
  private RuleFieldPaths() {}

  /**
   * The normalized path.
   *
   * @throws IllegalArgumentException when the path is malformed or names an undeclared field
   */
  static String normalize(String jsonPath, SchemaView schema) {
    List<String> tokens = tokenize(jsonPath);
    FieldPath path = FieldPath.root();
    SchemaView current = schema;
    int i = 0;
    while (i < tokens.size()) {
      String token = tokens.get(i++);
      String name;
      if (token.equals(".")) {
        if (i == tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        name = tokens.get(i++);
      } else if (token.equals("[")) {
        if (i == tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        String quoted = tokens.get(i++);
        if (quoted.length() < 2 || quoted.charAt(0) != '\'' || !quoted.endsWith("'")) {
          throw new IllegalArgumentException("expected single quoted string but got " + quoted);
        }
        name = unescape(quoted.substring(1, quoted.length() - 1));
        if (i == tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        String closing = tokens.get(i++);
        if (!closing.equals("]")) {
          throw new IllegalArgumentException("expected ] but got " + closing);
        }
      } else {
        throw new IllegalArgumentException("expected [ or . but got: " + token);
      }
      if (!current.properties().isEmpty()) {
        current = current.properties().get(name);
        if (current == null) {
          throw new IllegalArgumentException("does not refer to a valid field");
        }
        path = path.child(name);
      } else if (current.additionalProperties().isPresent()) {
        current = current.additionalProperties().get();
        path = path.key(name);
      } else {
        throw new IllegalArgumentException("does not refer to a valid field");
      }
    }
    return path.isRoot() ? "" : path.toString();
  }

  /** Splits into {@code .}, {@code [}, {@code ]} and the text between; quoted text stays whole. */
  private static List<String> tokenize(String path) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        int end = i + 1;
        while (end < path.length() && !(path.charAt(end) == '\'' && path.charAt(end - 1) != '\\')) {
          end++;
        }
        tokens.add(path.substring(i, Math.min(end + 1, path.length())));
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && ".[]".indexOf(path.charAt(end)) < 0) {
          end++;
        }
        tokens.add(path.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }

  private static String unescape(String quoted) {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == quoted.length()) {
        throw new IllegalArgumentException("invalid string literal: invalid escape char \\");
      }
      char escaped = quoted.charAt(i);
      switch (escaped) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\'' -> out.append('\'');
        case '\\' -> out.append('\\');
        default ->
            throw new IllegalArgumentException(
                "invalid string literal: invalid escape char \\" + escaped);
      }
    }
    return out.toString();
  }
}
