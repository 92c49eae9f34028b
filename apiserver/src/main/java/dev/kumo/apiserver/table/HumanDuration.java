package dev.kumo.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Ages as kube-apiserver prints them in Tables ({@code duration.HumanDuration} of
 * k8s.io/apimachinery): {@code 45s}, {@code 5m10s}, {@code 3h4m}, {@code 3d4h}, {@code 2y10d}; a
 * time up to 2 seconds in the future is {@code 0s}, further is {@code <invalid>}.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** The age of {@code timestamp} (RFC 3339) at {@code now}: "<unknown>" when empty or null. */
  public static String age(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    return format(Duration.between(parse(timestamp), now));
  }

  /** Parses an RFC 3339 timestamp; throws DateTimeParseException when it is not one. */
  static Instant parse(String timestamp) {
    return OffsetDateTime.parse(timestamp).toInstant();
  }

  /** Whether the text is an RFC 3339 timestamp. */
  static boolean isTimestamp(String timestamp) {
    try {
      parse(timestamp);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** kube's HumanDuration. */
  public static String format(Duration d) {
    long seconds = d.getSeconds();
    if (d.isNegative() && d.getNano() != 0) {
      seconds++; // Go truncates toward zero
    }
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
