package dev.kumo.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares JSON with golden files under src/test/resources. Run with {@code -Dgolden.write=true} to
 * rewrite them after a reviewed change.
 */
public final class Golden {
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path ROOT = Path.of("src", "test", "resources", "dev", "kumo", "apiserver");

  private Golden() {}

  /** Asserts that {@code actual}, pretty-printed, equals the golden file {@code name}. */
  public static void assertMatches(String name, JsonNode actual) {
    try {
      Path file = ROOT.resolve(name);
      String text = PRETTY.writeValueAsString(actual) + "\n";
      if (Boolean.getBoolean("golden.write")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
      }
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), text, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
