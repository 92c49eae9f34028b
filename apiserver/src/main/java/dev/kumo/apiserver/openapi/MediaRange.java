package dev.kumo.apiserver.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of an HTTP {@code Accept} header, e.g. {@code
 * application/json;as=Table;v=v1;g=meta.k8s.io}: a type, a subtype and parameters (names lower
 * case, values as sent).
 *
 * @param type e.g. application, or *
 * @param subtype e.g. json, or *
 * @param parameters the parameters other than q, in order
 * @param quality the q parameter, 1 when absent
 */
public record MediaRange(
    String type, String subtype, Map<String, String> parameters, double quality) {

  /** Canonical constructor: an unmodifiable copy of the parameters. */
  public MediaRange {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * The entries of an Accept header, best first: by quality, then in the order sent. An absent or
   * blank header means {@code *}{@code /*}.
   */
  public static List<MediaRange> parseAccept(String accept) {
    List<MediaRange> ranges = new ArrayList<>();
    String header = accept == null || accept.isBlank() ? "*/*" : accept;
    for (String clause : header.split(",")) {
      MediaRange range = parse(clause);
      if (range != null) {
        ranges.add(range);
      }
    }
    ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
    return ranges;
  }

  private static MediaRange parse(String clause) {
    String[] parts = clause.split(";");
    String mime = parts[0].trim().toLowerCase(Locale.ROOT);
    int slash = mime.indexOf('/');
    if (slash <= 0 || slash == mime.length() - 1) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    double quality = 1;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = parameter.substring(eq + 1).trim();
      if (name.equals("q")) {
        quality = parseQuality(value);
      } else {
        parameters.put(name, value);
      }
    }
    return new MediaRange(mime.substring(0, slash), mime.substring(slash + 1), parameters, quality);
  }

  private static double parseQuality(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether this range accepts {@code type/subtype} (wildcards allowed on this side). */
  public boolean accepts(String wantedType, String wantedSubtype) {
    return (type.equals("*") || type.equals(wantedType))
        && (subtype.equals("*") || subtype.equals(wantedSubtype));
  }

  /** A parameter's value, or null. */
  public String parameter(String name) {
    return parameters.get(name);
  }
}
