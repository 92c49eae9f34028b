package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.openapi.Discovery;
import dev.kumo.apiserver.openapi.DiscoveryFormat;
import dev.kumo.apiserver.openapi.OpenApiDocuments;
import dev.kumo.apiserver.registry.ResourceRegistry;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.rest.Json;
import java.util.Optional;

/**
 * The non-resource documents: {@code /version}, discovery ({@code /api}, {@code /apis} and their
 * group/version documents, legacy or aggregated by the Accept header) and OpenAPI ({@code
 * /openapi/v2} as JSON or protobuf, {@code /openapi/v3} and one document per group/version). They
 * are rendered again only when the set of served kinds changes.
 */
final class ServedDocuments implements HttpApi.Documents {
  /** The Kubernetes version whose API this server speaks (kubectl's dispatcher picks by it). */
  static final String MAJOR = "1";

  static final String MINOR = "32";
  static final String GIT_VERSION = "v1.32.0-kumo";

  private final ResourceRegistry registry;
  private final OpenApiDocuments.Cache openApi = new OpenApiDocuments.Cache(GIT_VERSION);
  private volatile Rendered rendered;

  private record Rendered(long generation, Discovery discovery) {}

  ServedDocuments(ResourceRegistry registry) {
    this.registry = registry;
  }

  private Discovery discovery() {
    ResourceRegistry.Snapshot snapshot = registry.snapshot();
    Rendered r = rendered;
    if (r == null || r.generation() != snapshot.generation()) {
      r = new Rendered(snapshot.generation(), new Discovery(snapshot.types()));
      rendered = r;
    }
    return r.discovery();
  }

  @Override
  public Optional<HttpApi.Response> serve(String path, String query, String accept) {
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/version")) {
      ObjectNode version = Json.MAPPER.createObjectNode();
      version.put("major", MAJOR).put("minor", MINOR).put("gitVersion", GIT_VERSION);
      version.put("gitCommit", "kumo").put("gitTreeState", "clean");
      version.put("buildDate", "2026-11-23T00:00:00Z");
      version.put("goVersion", "java" + Runtime.version().feature());
      version.put("compiler", "javac").put("platform", "linux/amd64");
      return json(version);
    }
    if (p.equals("/api") || p.equals("/apis")) {
      DiscoveryFormat format =
          DiscoveryFormat.negotiate(accept)
              .orElseThrow(
                  () -> new ApiException(406, "NotAcceptable", "only application/json is served"));
      boolean core = p.equals("/api");
      ObjectNode body;
      if (format == DiscoveryFormat.LEGACY) {
        body = core ? discovery().apiVersions("127.0.0.1") : discovery().apiGroupList();
      } else {
        body = discovery().aggregated(core, format);
      }
      return Optional.of(new HttpApi.Response(200, format.contentType(), Json.bytes(body), null));
    }
    String[] parts = p.substring(1).split("/");
    if (parts[0].equals("api") && parts.length == 2) {
      return discovery().apiResourceList("", parts[1]).flatMap(ServedDocuments::json);
    }
    if (parts[0].equals("apis") && parts.length == 2) {
      return discovery().apiGroup(parts[1]).flatMap(ServedDocuments::json);
    }
    if (parts[0].equals("apis") && parts.length == 3) {
      return discovery().apiResourceList(parts[1], parts[2]).flatMap(ServedDocuments::json);
    }
    if (p.equals("/openapi/v2")) {
      OpenApiDocuments docs = openApi.get(registry.all());
      OpenApiDocuments.Document doc =
          docs.v2(accept == null ? "application/json" : accept)
              .orElseThrow(
                  () ->
                      new ApiException(
                          406, "NotAcceptable", "only JSON and protobuf OpenAPI v2 are served"));
      return Optional.of(new HttpApi.Response(200, doc.contentType(), doc.body(), doc.hash()));
    }
    if (p.equals("/openapi/v3")) {
      OpenApiDocuments.Document doc = openApi.get(registry.all()).v3Root();
      return Optional.of(new HttpApi.Response(200, doc.contentType(), doc.body(), doc.hash()));
    }
    if (p.startsWith("/openapi/v3/")) {
      return openApi
          .get(registry.all())
          .v3(p.substring("/openapi/v3/".length()))
          .map(doc -> new HttpApi.Response(200, doc.contentType(), doc.body(), doc.hash()));
    }
    return Optional.empty();
  }

  private static Optional<HttpApi.Response> json(ObjectNode body) {
    return Optional.of(new HttpApi.Response(200, "application/json", Json.bytes(body), null));
  }
}
