package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes JSONPath (client-go {@code util/jsonpath}) for printer columns, evaluated over a JSON
 * tree with missing keys allowed: {@code .a.b}, {@code ['a']}, {@code [0]}, {@code [-1]}, {@code
 * [1:3]}, {@code [*]}, {@code .*}, {@code ..a}, and filters {@code [?(@.type=="Ready")]} with
 * {@code == != < > <= >=} against string and number literals, or {@code [?(@.a)]} for presence.
 *
 * <p>Written here rather than taken from Jayway JsonPath: that library's filter results, missing
 * key handling and literal syntax differ from Kubernetes', and the subset printer columns use is
 * small.
 */
public final class JsonPath {
  private final String source;
  private final List<Step> steps;

  private JsonPath(String source, List<Step> steps) {
    this.source = source;
    this.steps = steps;
  }

  /**
   * Parses a printer column's jsonPath (with or without the surrounding braces).
   *
   * @throws IllegalArgumentException when the path is not valid
   */
  public static JsonPath parse(String path) {
    String text = path.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    return new JsonPath(path, new Parser(text, path).steps());
  }

  /** Every value the path selects, in document order; empty when keys are missing. */
  public List<JsonNode> find(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        step.apply(node, next);
      }
      current = next;
    }
    return current;
  }

  @Override
  public String toString() {
    return source;
  }

  private interface Step {
    void apply(JsonNode node, List<JsonNode> out);
  }

  private record Field(String name) implements Step {
    @Override
    public void apply(JsonNode node, List<JsonNode> out) {
      if (node.isObject() && node.has(name)) {
        out.add(node.get(name));
      }
    }
  }

  private record Wildcard() implements Step {
    @Override
    public void apply(JsonNode node, List<JsonNode> out) {
      if (node.isContainerNode()) {
        node.forEach(out::add);
      }
    }
  }

  private record Recursive(String name) implements Step {
    @Override
    public void apply(JsonNode node, List<JsonNode> out) {
      if (node.isObject()) {
        if (name == null) {
          node.forEach(out::add);
        } else if (node.has(name)) {
          out.add(node.get(name));
        }
      } else if (node.isArray() && name == null) {
        node.forEach(out::add);
      }
      node.forEach(child -> apply(child, out));
    }
  }

  private record Slice(Integer start, Integer end, boolean single) implements Step {
    @Override
    public void apply(JsonNode node, List<JsonNode> out) {
      if (!node.isArray()) {
        return;
      }
      int size = node.size();
      if (single) {
        int i = start < 0 ? start + size : start;
        if (i >= 0 && i < size) {
          out.add(node.get(i));
        }
        return;
      }
      int from = start == null ? 0 : Math.max(0, start < 0 ? start + size : start);
      int to = end == null ? size : Math.min(size, end < 0 ? end + size : end);
      for (int i = from; i < to; i++) {
        out.add(node.get(i));
      }
    }
  }

  private record Filter(JsonPath left, String op, JsonNode literal) implements Step {
    @Override
    public void apply(JsonNode node, List<JsonNode> out) {
      if (!node.isArray()) {
        return;
      }
      for (JsonNode element : node) {
        List<JsonNode> values = left.find(element);
        if (op == null ? !values.isEmpty() : values.stream().anyMatch(v -> compare(v))) {
          out.add(element);
        }
      }
    }

    private boolean compare(JsonNode value) {
      int c;
      if (value.isNumber() && literal.isNumber()) {
        c = value.decimalValue().compareTo(literal.decimalValue());
      } else if (value.isTextual() && literal.isTextual()) {
        c = value.asText().compareTo(literal.asText());
      } else if (value.isBoolean() && literal.isBoolean()) {
        c = Boolean.compare(value.asBoolean(), literal.asBoolean());
      } else {
        return op.equals("!=");
      }
      return switch (op) {
        case "==" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c < 0;
        case ">" -> c > 0;
        case "<=" -> c <= 0;
        default -> c >= 0;
      };
    }
  }

  /** A hand-rolled recursive-descent parser of the path text. */
  private static final class Parser {
    private final String text;
    private final String original;
    private int pos;

    Parser(String text, String original) {
      this.text = text;
      this.original = original;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      if (text.startsWith("$")) {
        pos = 1;
      } else if (text.startsWith("@")) {
        pos = 1;
      }
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          if (pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
            pos += 2;
            steps.add(new Recursive(peek('*') ? skipStar() : identifier()));
          } else {
            pos++;
            if (peek('*')) {
              skipStar();
              steps.add(new Wildcard());
            } else if (pos < text.length() && text.charAt(pos) != '[') {
              steps.add(new Field(identifier()));
            }
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else {
          throw error("unexpected '" + c + "'");
        }
      }
      return steps;
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private String skipStar() {
      pos++;
      return null;
    }

    private String identifier() {
      int start = pos;
      while (pos < text.length() && ".[]() =!<>".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a field name");
      }
      return text.substring(start, pos);
    }

    private Step bracket() {
      int close = matching(pos);
      String inside = text.substring(pos + 1, close).trim();
      pos = close + 1;
      if (inside.equals("*")) {
        return new Wildcard();
      }
      if (inside.startsWith("?(") && inside.endsWith(")")) {
        return filter(inside.substring(2, inside.length() - 1).trim());
      }
      if (inside.startsWith("'") || inside.startsWith("\"")) {
        return new Field(unquote(inside));
      }
      try {
        if (inside.contains(":")) {
          String[] parts = inside.split(":", -1);
          return new Slice(number(parts[0]), number(parts[1]), false);
        }
        return new Slice(Integer.parseInt(inside), null, true);
      } catch (NumberFormatException e) {
        throw error("invalid array index " + inside);
      }
    }

    private Step filter(String expression) {
      String[] ops = {"==", "!=", "<=", ">=", "<", ">"};
      for (String op : ops) {
        int at = indexOutsideQuotes(expression, op);
        if (at > 0) {
          JsonPath left = JsonPath.parse(expression.substring(0, at).trim());
          return new Filter(left, op, literal(expression.substring(at + op.length()).trim()));
        }
      }
      return new Filter(JsonPath.parse(expression), null, null);
    }

    private JsonNode literal(String text) {
      var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
      if (text.startsWith("'") || text.startsWith("\"")) {
        return factory.textNode(unquote(text));
      }
      if (text.equals("true") || text.equals("false")) {
        return factory.booleanNode(Boolean.parseBoolean(text));
      }
      try {
        return factory.numberNode(new BigDecimal(text));
      } catch (NumberFormatException e) {
        throw error("unrecognized filter literal " + text);
      }
    }

    private static int indexOutsideQuotes(String s, String op) {
      char quote = 0;
      for (int i = 0; i + op.length() <= s.length(); i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (s.startsWith(op, i)) {
          return i;
        }
      }
      return -1;
    }

    private int matching(int open) {
      int depth = 0;
      char quote = 0;
      for (int i = open; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          depth++;
        } else if (c == ']' && --depth == 0) {
          return i;
        }
      }
      throw error("unterminated [");
    }

    private String unquote(String s) {
      if (s.length() < 2 || s.charAt(s.length() - 1) != s.charAt(0)) {
        throw error("unterminated string " + s);
      }
      return s.substring(1, s.length() - 1);
    }

    private static Integer number(String s) {
      return s.isBlank() ? null : Integer.parseInt(s.trim());
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(
          "unrecognized column definition \"" + original + "\": " + problem);
    }
  }
}
