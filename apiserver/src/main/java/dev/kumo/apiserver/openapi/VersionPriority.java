package dev.kumo.apiserver.openapi;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders API versions as kube-apiserver does ({@code version.CompareKubeAwareVersionStrings}): GA
 * before beta before alpha, a higher major version first, then a higher minor (the number after
 * alpha/beta); versions that do not look like {@code v<N>[alpha|beta<M>]} come last, in
 * alphabetical order. The first version of a group in this order is its preferred version.
 */
public final class VersionPriority {
  private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  /** Highest priority first. */
  public static final Comparator<String> HIGHEST_FIRST = VersionPriority::compare;

  private VersionPriority() {}

  private static int compare(String a, String b) {
    Matcher ma = KUBE_VERSION.matcher(a);
    Matcher mb = KUBE_VERSION.matcher(b);
    boolean ka = ma.matches();
    boolean kb = mb.matches();
    if (!ka || !kb) {
      if (ka) {
        return -1;
      }
      return kb ? 1 : a.compareTo(b);
    }
    int stage = Integer.compare(stage(mb.group(2)), stage(ma.group(2)));
    if (stage != 0) {
      return stage;
    }
    int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
    if (major != 0 || ma.group(3) == null) {
      return major;
    }
    return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
  }

  private static int stage(String qualifier) {
    if (qualifier == null) {
      return 2;
    }
    return "beta".equals(qualifier) ? 1 : 0;
  }
}
