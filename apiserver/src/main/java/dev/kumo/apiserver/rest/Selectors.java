package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Label and field selectors, in the syntax of {@code labelSelector} and {@code fieldSelector}. */
public final class Selectors {
  private Selectors() {}

  /** Matches every object. */
  public static final Predicate<JsonNode> EVERYTHING = o -> true;

  /** Parses a label selector: {@code a=b, c!=d, e in (f,g), h notin (i), j, !k}. */
  public static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : splitTopLevel(selector)) {
      terms.add(labelTerm(term.trim(), selector));
    }
    return o -> terms.stream().allMatch(t -> t.test(o.path("metadata").path("labels")));
  }

  private static Predicate<JsonNode> labelTerm(String term, String whole) {
    String lower = term;
    int in = indexOfWord(lower, " in ");
    int notin = indexOfWord(lower, " notin ");
    if (notin > 0) {
      String key = checkKey(term.substring(0, notin).trim(), whole);
      Set<String> values = valueSet(term.substring(notin + 7).trim(), whole);
      return labels -> !labels.has(key) || !values.contains(labels.get(key).asText());
    }
    if (in > 0) {
      String key = checkKey(term.substring(0, in).trim(), whole);
      Set<String> values = valueSet(term.substring(in + 4).trim(), whole);
      return labels -> labels.has(key) && values.contains(labels.get(key).asText());
    }
    if (term.startsWith("!")) {
      String key = checkKey(term.substring(1).trim(), whole);
      return labels -> !labels.has(key);
    }
    String[] op = splitOperator(term);
    if (op == null) {
      String key = checkKey(term, whole);
      return labels -> labels.has(key);
    }
    String key = checkKey(op[0], whole);
    String value = op[2];
    if (op[1].equals("!=")) {
      return labels -> !labels.has(key) || !labels.get(key).asText().equals(value);
    }
    return labels -> labels.has(key) && labels.get(key).asText().equals(value);
  }

  /**
   * Parses a field selector over {@code supported} field paths (e.g. metadata.name): {@code
   * metadata.name=x,metadata.namespace!=y}.
   */
  public static Predicate<JsonNode> fields(String selector, Set<String> supported) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      String[] op = splitOperator(term.trim());
      if (op == null) {
        throw ApiException.badRequest(
            "unable to parse requirement: found '"
                + term.trim()
                + "', expected: '=', '!=', or '=='");
      }
      String field = op[0];
      if (!supported.contains(field)) {
        throw ApiException.badRequest("field label not supported: " + field);
      }
      String value = op[2];
      boolean negate = op[1].equals("!=");
      terms.add(o -> negate != value.equals(fieldValue(o, field)));
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  /** The value of a dotted field path as a string; "" when absent. */
  public static String fieldValue(JsonNode object, String path) {
    JsonNode node = object;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static String[] splitOperator(String term) {
    for (String op : new String[] {"!=", "==", "="}) {
      int i = term.indexOf(op);
      if (i > 0) {
        return new String[] {
          term.substring(0, i).trim(), op, term.substring(i + op.length()).trim()
        };
      }
    }
    return null;
  }

  private static int indexOfWord(String term, String word) {
    return term.indexOf(word);
  }

  private static Set<String> valueSet(String list, String whole) {
    if (!list.startsWith("(") || !list.endsWith(")")) {
      throw ApiException.badRequest(
          "unable to parse requirement: found '" + list + "', expected: '(' in selector " + whole);
    }
    Set<String> values = new java.util.HashSet<>();
    for (String v : list.substring(1, list.length() - 1).split(",")) {
      values.add(v.trim());
    }
    return values;
  }

  private static String checkKey(String key, String whole) {
    if (key.isEmpty()
        || !key.matches("([A-Za-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
      throw ApiException.badRequest(
          "unable to parse requirement: invalid label key \"" + key + "\" in selector " + whole);
    }
    return key;
  }

  /** Splits on commas that are not inside parentheses. */
  private static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
