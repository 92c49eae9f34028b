package dev.kumo.apiserver.cel;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words cel-java's evaluation errors the way cel-go (and so kube-apiserver) words them. */
final class EvaluationErrors {
  private static final Pattern LOCATION_PREFIX =
      Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
  private static final Pattern MISSING_KEY =
      Pattern.compile("^key '(.*)' is not present in map\\.?$", Pattern.DOTALL);

  private EvaluationErrors() {}

  /** Whether the error is a call with arguments no overload accepts (possible with dyn values). */
  static boolean isNoSuchOverload(CelEvaluationException e) {
    return e.getErrorCode() == CelErrorCode.OVERLOAD_NOT_FOUND;
  }

  /** The error text, e.g. {@code no such key: memory} or {@code division by zero}. */
  static String describe(CelEvaluationException e) {
    String message = LOCATION_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst("");
    switch (e.getErrorCode()) {
      case ATTRIBUTE_NOT_FOUND -> {
        Matcher missingKey = MISSING_KEY.matcher(message);
        return missingKey.matches() ? "no such key: " + missingKey.group(1) : message;
      }
      case DIVIDE_BY_ZERO -> {
        return "division by zero";
      }
      case NUMERIC_OVERFLOW -> {
        return message.equals("long overflow") ? "integer overflow" : message;
      }
      default -> {
        return message;
      }
    }
  }
}
