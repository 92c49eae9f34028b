package dev.kumo.apiserver.openapi;

import java.util.Optional;

/**
 * The shapes {@code GET /api} and {@code GET /apis} can take, chosen from the request's Accept
 * header the way kube-apiserver does: kubectl 1.26+ asks for aggregated discovery ({@code
 * apidiscovery.k8s.io} v2, then v2beta1) and falls back to the legacy {@code APIVersions} / {@code
 * APIGroupList} with {@code application/json}.
 */
public enum DiscoveryFormat {
  /** {@code APIGroupDiscoveryList} of {@code apidiscovery.k8s.io/v2}. */
  AGGREGATED_V2("v2"),
  /** {@code APIGroupDiscoveryList} of {@code apidiscovery.k8s.io/v2beta1}. */
  AGGREGATED_V2BETA1("v2beta1"),
  /** {@code APIVersions} for /api, {@code APIGroupList} for /apis. */
  LEGACY(null);

  private static final String GROUP = "apidiscovery.k8s.io";
  private static final String KIND = "APIGroupDiscoveryList";

  private final String version;

  DiscoveryFormat(String version) {
    this.version = version;
  }

  /**
   * The format to answer with, or empty when the Accept header allows none (answer 406).
   *
   * @param accept the request's Accept header (null or blank means anything)
   */
  public static Optional<DiscoveryFormat> negotiate(String accept) {
    for (MediaRange range : MediaRange.parseAccept(accept)) {
      if (range.quality() <= 0 || !range.accepts("application", "json")) {
        continue;
      }
      String as = range.parameter("as");
      if (as == null) {
        if (range.parameter("g") == null && range.parameter("v") == null) {
          return Optional.of(LEGACY);
        }
        continue;
      }
      if (KIND.equals(as) && GROUP.equals(range.parameter("g"))) {
        for (DiscoveryFormat format : values()) {
          if (format.version != null && format.version.equals(range.parameter("v"))) {
            return Optional.of(format);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The response's Content-Type. */
  public String contentType() {
    return version == null
        ? "application/json"
        : "application/json;g=" + GROUP + ";v=" + version + ";as=" + KIND;
  }

  /** The apiVersion of an aggregated document; null for {@link #LEGACY}. */
  public String apiVersion() {
    return version == null ? null : GROUP + "/" + version;
  }
}
