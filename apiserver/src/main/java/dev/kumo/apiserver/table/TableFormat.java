package dev.kumo.apiserver.table;

import dev.kumo.apiserver.openapi.MediaRange;
import java.util.Optional;

/**
 * A request for a {@code meta.k8s.io} Table, read from the Accept header kubectl sends for {@code
 * get}: {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;
 * g=meta.k8s.io,application/json}.
 *
 * @param apiVersion the Table's apiVersion: {@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}
 */
public record TableFormat(String apiVersion) {
  private static final String GROUP = "meta.k8s.io";

  /**
   * The Table the client asks for, or empty when the first acceptable entry of the header is not a
   * Table (serve the object or list as usual).
   */
  public static Optional<TableFormat> negotiate(String accept) {
    for (MediaRange range : MediaRange.parseAccept(accept)) {
      if (range.quality() <= 0 || !range.accepts("application", "json")) {
        continue;
      }
      if (range.parameter("as") == null) {
        return Optional.empty();
      }
      String version = range.parameter("v");
      if ("Table".equals(range.parameter("as"))
          && GROUP.equals(range.parameter("g"))
          && ("v1".equals(version) || "v1beta1".equals(version))) {
        return Optional.of(new TableFormat(GROUP + "/" + version));
      }
    }
    return Optional.empty();
  }

  /** The response's Content-Type, e.g. {@code application/json;as=Table;v=v1;g=meta.k8s.io}. */
  public String contentType() {
    return "application/json;as=Table;v="
        + apiVersion.substring(GROUP.length() + 1)
        + ";g="
        + GROUP;
  }
}
