package dev.kumo.apiserver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @TempDir Path tmp;

  @Test
  void writesAKubeconfigWithMode0600() throws IOException {
    Path file = tmp.resolve("new-dir/kubeconfig");
    Kubeconfig.write(
        file, "https://127.0.0.1:6443", CA.getBytes(StandardCharsets.US_ASCII), "s3cret", "kumo");

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    assertEquals("v1", config.path("apiVersion").asText());
    assertEquals("Config", config.path("kind").asText());
    assertEquals("kumo", config.path("current-context").asText());
    JsonNode cluster = config.path("clusters").get(0);
    assertEquals("kumo", cluster.path("name").asText());
    assertEquals("https://127.0.0.1:6443", cluster.path("cluster").path("server").asText());
    assertEquals(
        CA,
        new String(
            Base64.getDecoder()
                .decode(cluster.path("cluster").path("certificate-authority-data").asText()),
            StandardCharsets.US_ASCII));
    assertEquals("s3cret", config.path("users").get(0).path("user").path("token").asText());
    JsonNode context = config.path("contexts").get(0);
    assertEquals("kumo", context.path("context").path("cluster").asText());
    assertEquals("kumo", context.path("context").path("user").asText());
    assertFalse(Files.readString(file).startsWith("---"));
  }

  @Test
  void readsBackTheCurrentContext() throws IOException {
    Path file = tmp.resolve("kubeconfig");
    Kubeconfig.write(file, "https://old:1", CA.getBytes(StandardCharsets.US_ASCII), "old", "kumo");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Kubeconfig.write(
        file, "https://localhost:6443", CA.getBytes(StandardCharsets.US_ASCII), "s3cret-2", "dev");

    Kubeconfig.Context context = Kubeconfig.readCurrentContext(file);
    assertEquals("dev", context.name());
    assertEquals("https://localhost:6443", context.serverUrl());
    assertEquals(CA, context.certificateAuthorityPem());
    assertEquals("s3cret-2", context.token());
    assertFalse(context.toString().contains("s3cret"), context.toString());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        "rewriting restores the mode");
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temporary files are left behind");
    }
  }

  @Test
  void reportsAMissingContext() throws IOException {
    Path file = tmp.resolve("kubeconfig");
    Files.writeString(file, "apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts: []\n");
    IOException e = assertThrows(IOException.class, () -> Kubeconfig.readCurrentContext(file));
    assertTrue(e.getMessage().contains("'gone'"), e.getMessage());
  }
}
