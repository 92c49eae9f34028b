package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON and YAML mappers of the server and the decoding of request bodies. */
public final class Json {
  /** Strict JSON: duplicate keys are an error, as Go's strict decoder reports them. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** YAML (apply patches are YAML). */
  public static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  /** Parses a body that must be a JSON (or, when {@code yaml}, YAML) object; 400 otherwise. */
  public static ObjectNode readObject(byte[] body, boolean yaml, String expectedKind) {
    JsonNode node = readTree(body, yaml, expectedKind);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest(
          unrecognized(expectedKind)
              + "couldn't get version/kind; json parse error: not an object");
    }
    return object;
  }

  /** Parses any JSON (or YAML) value; 400 with the parser's complaint when malformed. */
  public static JsonNode readTree(byte[] body, boolean yaml, String expectedKind) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest(unrecognized(expectedKind) + "the request body is empty");
    }
    try {
      JsonNode node = (yaml ? YAML : MAPPER).readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest(unrecognized(expectedKind) + "the request body is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          unrecognized(expectedKind)
              + "couldn't get version/kind; json parse error: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes a tree. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unrecognized(String kind) {
    return kind == null
        ? ""
        : "the object provided is unrecognized (must be of type " + kind + "): ";
  }
}
