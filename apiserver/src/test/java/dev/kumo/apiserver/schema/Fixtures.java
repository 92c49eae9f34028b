package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads the inline YAML fixtures of the schema tests. */
final class Fixtures {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Fixtures() {}

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(String text) {
    return (ObjectNode) yaml(text);
  }

  static StructuralSchema schema(String text) {
    return StructuralSchema.parse(yaml(text));
  }

  /** The printed errors of validating {@code objectYaml}, in order. */
  static List<String> errors(StructuralSchema schema, String objectYaml) {
    return SchemaValidator.validate(schema, yaml(objectYaml)).stream()
        .map(FieldError::toString)
        .toList();
  }
}
