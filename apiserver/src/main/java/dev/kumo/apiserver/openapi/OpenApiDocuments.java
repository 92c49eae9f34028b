package dev.kumo.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every OpenAPI document the server publishes, rendered once for a set of served kinds: the {@code
 * /openapi/v3} root, one document per group/version under {@code /openapi/v3/<path>}, and {@code
 * /openapi/v2} as JSON and as protobuf. Immutable; build a new one (or use {@link Cache}) when the
 * kinds change.
 *
 * <p>Hashes are kube-openapi's: the upper-case hex SHA-512 of the served bytes. The root links each
 * group/version as {@code /openapi/v3/<path>?hash=<hash>}; kubectl caches documents by that URL.
 */
public final class OpenApiDocuments {
  /**
   * The content type of {@code /openapi/v2} as protobuf (with a dot: Go's mime parser rejects @).
   */
  public static final String V2_PROTOBUF_CONTENT_TYPE =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  /** The gitVersion shown in the Swagger document's info when none is given. */
  public static final String DEFAULT_SERVER_VERSION = "v1.32.0";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> V2_PROTOBUF_SUBTYPES =
      List.of(
          "com.github.proto-openapi.spec.v2@v1.0+protobuf",
          "com.github.proto-openapi.spec.v2.v1.0+protobuf");

  private final Document v3Root;
  private final Map<String, Document> v3;
  private final Document v2Json;
  private final Document v2Protobuf;

  private OpenApiDocuments(
      Document v3Root, Map<String, Document> v3, Document v2Json, Document v2Protobuf) {
    this.v3Root = v3Root;
    this.v3 = v3;
    this.v2Json = v2Json;
    this.v2Protobuf = v2Protobuf;
  }

  /** The documents for these served kinds, with {@link #DEFAULT_SERVER_VERSION} in v2's info. */
  public static OpenApiDocuments build(List<ResourceType> types) {
    return build(types, DEFAULT_SERVER_VERSION);
  }

  /**
   * The documents for these served kinds.
   *
   * @param serverVersion the server's gitVersion, shown in the Swagger document's info
   */
  public static OpenApiDocuments build(List<ResourceType> types, String serverVersion) {
    Map<String, List<ResourceType>> byPath = new TreeMap<>();
    for (ResourceType type : types) {
      byPath
          .computeIfAbsent(
              OpenApiV3.documentPath(type.group(), type.version()), p -> new ArrayList<>())
          .add(type);
    }
    Map<String, Document> v3 = new LinkedHashMap<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    List<ObjectNode> v3Nodes = new ArrayList<>();
    byPath.forEach(
        (path, gvTypes) -> {
          ObjectNode node = OpenApiV3.document(gvTypes);
          v3Nodes.add(node);
          Document doc = Document.of(json(node), "application/json");
          v3.put(path, doc);
          hashes.put(path, doc.hash());
        });
    Document root = Document.of(json(OpenApiV3.root(hashes)), "application/json");
    ObjectNode swagger = OpenApiV2.document(v3Nodes, serverVersion);
    Document v2Json = Document.of(json(swagger), "application/json");
    Document v2Protobuf = Document.of(SwaggerProtobuf.encode(swagger), V2_PROTOBUF_CONTENT_TYPE);
    return new OpenApiDocuments(root, Map.copyOf(v3), v2Json, v2Protobuf);
  }

  private static byte[] json(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** {@code GET /openapi/v3}. */
  public Document v3Root() {
    return v3Root;
  }

  /**
   * {@code GET /openapi/v3/<path>}, e.g. path {@code apis/compute.kumo.dev/v1alpha1} or {@code
   * api/v1}; empty when no such group/version is served.
   */
  public Optional<Document> v3(String path) {
    return Optional.ofNullable(v3.get(path));
  }

  /** The group/version paths that have a v3 document. */
  public List<String> v3Paths() {
    return List.copyOf(new TreeMap<>(v3).keySet());
  }

  /**
   * {@code GET /openapi/v2} for a request's Accept header: protobuf when the client asks for it
   * (kubectl 1.20), JSON when it accepts JSON; empty when it accepts neither (answer 406). Clauses
   * are honoured in order, as kube-openapi does.
   */
  public Optional<Document> v2(String accept) {
    for (MediaRange range : MediaRange.parseAccept(accept)) {
      if (range.quality() <= 0) {
        continue;
      }
      if (range.accepts("application", "json")) {
        return Optional.of(v2Json);
      }
      if (range.type().equals("application") && V2_PROTOBUF_SUBTYPES.contains(range.subtype())) {
        return Optional.of(v2Protobuf);
      }
    }
    return Optional.empty();
  }

  /** The Swagger document as JSON. */
  public Document v2Json() {
    return v2Json;
  }

  /** The Swagger document as gnostic protobuf. */
  public Document v2Protobuf() {
    return v2Protobuf;
  }

  /**
   * A rendered document.
   *
   * @param body the bytes to send (do not modify)
   * @param hash kube-openapi's hash of the bytes: upper-case hex SHA-512
   * @param contentType the Content-Type to send
   */
  public record Document(byte[] body, String hash, String contentType) {
    static Document of(byte[] body, String contentType) {
      return new Document(body, sha512Hex(body), contentType);
    }

    /** The ETag header value: the hash in double quotes. */
    public String etag() {
      return "\"" + hash + "\"";
    }

    /** The body as text (JSON documents). */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static String sha512Hex(byte[] body) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from the JVM", e);
    }
  }

  /**
   * Keeps the documents of the last set of kinds: {@link #get} renders again only when the list
   * differs (by {@code equals}) from the previous call's. Thread-safe.
   */
  public static final class Cache {
    private final String serverVersion;
    private List<ResourceType> types;
    private OpenApiDocuments documents;

    /** A cache whose documents show this gitVersion. */
    public Cache(String serverVersion) {
      this.serverVersion = serverVersion;
    }

    /** The documents for these kinds, rendered if they changed since the last call. */
    public synchronized OpenApiDocuments get(List<ResourceType> current) {
      if (documents == null || !current.equals(types)) {
        types = List.copyOf(current);
        documents = build(types, serverVersion);
      }
      return documents;
    }
  }
}
