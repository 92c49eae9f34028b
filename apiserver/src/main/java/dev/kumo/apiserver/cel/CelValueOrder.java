package dev.kumo.apiserver.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** CEL's equality and ordering of runtime values, for functions implemented in this package. */
final class CelValueOrder {
  private CelValueOrder() {}

  /**
   * CEL {@code ==}: numbers compare by value across int, uint and double; lists and maps deeply.
   */
  static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return isNumeric(x) && isNumeric(y) && compareNumbers(x, y) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> ys = y.iterator();
      for (Object element : x) {
        if (!equal(element, ys.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        if (!y.containsKey(entry.getKey()) || !equal(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** CEL {@code <} ordering; throws {@link IllegalArgumentException} for unordered values. */
  @SuppressWarnings("unchecked")
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && isNumeric(x) && isNumeric(y)) {
      return compareNumbers(x, y);
    }
    if (a instanceof CelByteString x && b instanceof CelByteString y) {
      return CelByteString.unsignedLexicographicalComparator().compare(x, y);
    }
    boolean comparable =
        (a instanceof String && b instanceof String)
            || (a instanceof Boolean && b instanceof Boolean)
            || (a instanceof Duration && b instanceof Duration)
            || (a instanceof Instant && b instanceof Instant);
    if (!comparable) {
      throw new IllegalArgumentException(
          "no such overload: values of type "
              + a.getClass().getSimpleName()
              + " and "
              + b.getClass().getSimpleName()
              + " cannot be ordered");
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  private static boolean isNumeric(Number n) {
    return n instanceof Long || n instanceof Double || n instanceof UnsignedLong;
  }

  private static int compareNumbers(Number x, Number y) {
    if (x instanceof Double || y instanceof Double) {
      return Double.compare(toDouble(x), toDouble(y));
    }
    if (x instanceof UnsignedLong ux && y instanceof UnsignedLong uy) {
      return ux.compareTo(uy);
    }
    if (x instanceof UnsignedLong ux) {
      return y.longValue() < 0 ? 1 : ux.compareTo(UnsignedLong.fromLongBits(y.longValue()));
    }
    if (y instanceof UnsignedLong uy) {
      return x.longValue() < 0 ? -1 : UnsignedLong.fromLongBits(x.longValue()).compareTo(uy);
    }
    return Long.compare(x.longValue(), y.longValue());
  }

  private static double toDouble(Number n) {
    return n instanceof UnsignedLong u ? u.doubleValue() : n.doubleValue();
  }
}
