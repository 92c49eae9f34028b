package dev.kumo.apiserver.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes and reads kubeconfig files ({@code apiVersion: v1, kind: Config}) for a Kumo API server:
 * one cluster (server URL and CA certificate), one user (bearer token) and one context joining
 * them, all under the same name, which is also the current context.
 */
public final class Kubeconfig {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private Kubeconfig() {}

  /**
   * The current context of a kubeconfig, resolved to its cluster and user.
   *
   * @param name the current context's name
   * @param serverUrl the cluster's server URL
   * @param certificateAuthorityPem the cluster's CA certificate(s), PEM; empty if none is set
   * @param token the user's bearer token; empty if none is set
   */
  public record Context(
      String name, String serverUrl, String certificateAuthorityPem, String token) {
    /** Does not show the token. */
    @Override
    public String toString() {
      return "Context[name=" + name + ", serverUrl=" + serverUrl + ", token=<redacted>]";
    }
  }

  /**
   * Writes a kubeconfig atomically with mode 0600 (missing parent directories are created with mode
   * 0700), replacing {@code file} if it exists.
   *
   * @param file the kubeconfig to write
   * @param serverUrl the API server URL, e.g. {@code https://127.0.0.1:6443}
   * @param caPem the CA certificate (PEM) that clients verify the server against
   * @param token the bearer token
   * @param name the name of the cluster, user and context
   */
  public static void write(Path file, String serverUrl, byte[] caPem, String token, String name)
      throws IOException {
    ObjectNode config = YAML.createObjectNode();
    config.put("apiVersion", "v1").put("kind", "Config");
    ObjectNode cluster = config.putArray("clusters").addObject().put("name", name);
    cluster
        .putObject("cluster")
        .put("server", serverUrl)
        .put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem));
    ObjectNode user = config.putArray("users").addObject().put("name", name);
    user.putObject("user").put("token", token);
    ObjectNode context = config.putArray("contexts").addObject().put("name", name);
    context.putObject("context").put("cluster", name).put("user", name);
    config.put("current-context", name);
    config.putObject("preferences");
    SecureFiles.writeAtomically(file, YAML.writeValueAsBytes(config), SecureFiles.PRIVATE);
  }

  /**
   * Reads the current context of a kubeconfig (inline {@code certificate-authority-data} and {@code
   * token} only; file references are not followed).
   *
   * @throws IOException if the file cannot be read, or the current context, its cluster or its user
   *     is missing
   */
  public static Context readCurrentContext(Path file) throws IOException {
    JsonNode config = YAML.readTree(file.toFile());
    String current = config.path("current-context").asText("");
    if (current.isEmpty()) {
      throw new IOException(file + " has no current-context");
    }
    JsonNode context = named(file, config, "contexts", current).path("context");
    JsonNode cluster =
        named(file, config, "clusters", context.path("cluster").asText("")).path("cluster");
    JsonNode user = named(file, config, "users", context.path("user").asText("")).path("user");
    String caData = cluster.path("certificate-authority-data").asText("");
    return new Context(
        current,
        cluster.path("server").asText(""),
        new String(Base64.getDecoder().decode(caData), StandardCharsets.US_ASCII),
        user.path("token").asText(""));
  }

  private static JsonNode named(Path file, JsonNode config, String list, String name)
      throws IOException {
    JsonNode entries = config.path(list);
    if (entries instanceof ArrayNode array) {
      for (JsonNode entry : array) {
        if (entry.path("name").asText("").equals(name)) {
          return entry;
        }
      }
    }
    throw new IOException(file + " has no entry named '" + name + "' in " + list);
  }
}
