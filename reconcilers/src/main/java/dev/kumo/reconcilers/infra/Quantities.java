package dev.kumo.reconcilers.infra;

import io.fabric8.kubernetes.api.model.Quantity;

/** Byte quantities as status fields show them: {@code 8Gi} rather than {@code 8589934592}. */
public final class Quantities {
  private static final long KI = 1024;
  private static final long MI = KI * 1024;
  private static final long GI = MI * 1024;
  private static final long TI = GI * 1024;

  private Quantities() {}

  /** A quantity of bytes in the largest binary unit that divides it. */
  public static Quantity ofBytes(long bytes) {
    for (long unit : new long[] {TI, GI, MI, KI}) {
      if (bytes != 0 && bytes % unit == 0) {
        return new Quantity(Long.toString(bytes / unit), suffix(unit));
      }
    }
    return new Quantity(Long.toString(bytes));
  }

  /** The quantity in bytes (rounded down), or null when absent or not a quantity. */
  public static Long bytes(Quantity quantity) {
    if (quantity == null) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(quantity).longValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String suffix(long unit) {
    return unit == TI ? "Ti" : unit == GI ? "Gi" : unit == MI ? "Mi" : "Ki";
  }
}
