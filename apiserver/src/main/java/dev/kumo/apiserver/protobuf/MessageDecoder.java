package dev.kumo.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.kumo.apiserver.protobuf.MessageSchema.Emit;
import dev.kumo.apiserver.protobuf.MessageSchema.Field;
import dev.kumo.apiserver.protobuf.MessageSchema.Type;
import dev.kumo.apiserver.rest.Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a protobuf message described by a {@link MessageSchema} into the JSON tree Go's {@code
 * encoding/json} writes for the struct the message was decoded into: {@code omitempty} fields are
 * left out when zero, struct fields are always written, pointer fields when set, times become RFC
 * 3339 strings and {@code []byte} base64. Field numbers the schema does not know are skipped, as
 * gogo-protobuf's generated code skips them.
 */
final class MessageDecoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROSECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private MessageDecoder() {}

  /**
   * Decodes a whole buffer as one message into {@code into} (which may already hold keys such as
   * {@code apiVersion} and {@code kind}).
   *
   * @throws ProtobufDecodingException if the bytes are not a well-formed message of this schema
   */
  static ObjectNode decode(MessageSchema schema, byte[] bytes, ObjectNode into) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      readFields(schema, in, into);
      return into;
    } catch (IOException e) {
      throw new ProtobufDecodingException(schema.name() + ": " + e.getMessage(), e);
    }
  }

  /** Reads fields up to the stream's current limit and writes them into {@code out}. */
  private static void readFields(MessageSchema schema, CodedInputStream in, ObjectNode out)
      throws IOException {
    Map<Integer, JsonNode> values = new HashMap<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      Field field = schema.field(WireFormat.getTagFieldNumber(tag));
      if (field == null) {
        in.skipField(tag);
        continue;
      }
      int expected =
          switch (field.type()) {
            case INT32, INT64, BOOL -> WireFormat.WIRETYPE_VARINT;
            default -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
          };
      if (WireFormat.getTagWireType(tag) != expected) {
        throw new ProtobufDecodingException(
            "wrong wire type "
                + WireFormat.getTagWireType(tag)
                + " for field "
                + schema.name()
                + "."
                + field.jsonName());
      }
      readValue(field, in, values);
    }
    for (Field field : schema.fields()) {
      JsonNode value = values.get(field.number());
      if (value == null) {
        if (field.emit() == Emit.ALWAYS) {
          out.set(field.jsonName(), zero(field));
        }
      } else if (field.emit() != Emit.OMIT_EMPTY || !isEmpty(value)) {
        out.set(field.jsonName(), value);
      }
    }
  }

  private static void readValue(Field field, CodedInputStream in, Map<Integer, JsonNode> values)
      throws IOException {
    switch (field.type()) {
      case STRING_MAP, BYTES_MAP -> {
        ObjectNode map =
            (ObjectNode) values.computeIfAbsent(field.number(), n -> NODES.objectNode());
        readMapEntry(field.type() == Type.BYTES_MAP, in, map);
      }
      default -> {
        JsonNode value = readSingle(field, in);
        if (field.repeated()) {
          ((ArrayNode) values.computeIfAbsent(field.number(), n -> NODES.arrayNode())).add(value);
        } else {
          values.put(field.number(), value); // the last occurrence wins
        }
      }
    }
  }

  private static JsonNode readSingle(Field field, CodedInputStream in) throws IOException {
    return switch (field.type()) {
      case STRING -> NODES.textNode(in.readString());
      case INT32 -> NODES.numberNode(in.readInt32());
      case INT64 -> int64(in.readInt64());
      case BOOL -> NODES.booleanNode(in.readBool());
      case MESSAGE -> {
        int limit = in.pushLimit(in.readRawVarint32());
        ObjectNode message = NODES.objectNode();
        readFields(field.message(), in, message);
        in.popLimit(limit);
        yield message;
      }
      case TIME, MICRO_TIME -> readTime(field, in);
      case FIELDS_V1 -> readFieldsV1(in);
      case STRING_MAP, BYTES_MAP -> throw new IllegalStateException("maps are read by entry");
    };
  }

  /** An int64 as the JSON parser would read it back: an int node when it fits, else a long. */
  private static JsonNode int64(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  /** A map entry: a message with the key as field 1 and the value as field 2. */
  private static void readMapEntry(boolean bytes, CodedInputStream in, ObjectNode map)
      throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String key = "";
    JsonNode value = NODES.textNode("");
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (number == 1 && delimited) {
        key = in.readString();
      } else if (number == 2 && delimited) {
        value =
            NODES.textNode(
                bytes ? Base64.getEncoder().encodeToString(in.readByteArray()) : in.readString());
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(limit);
    map.set(key, value);
  }

  /**
   * A {@code meta.v1.Time} or {@code MicroTime}: {@code {seconds = 1, nanos = 2}}. An empty message
   * is the zero time (Go writes it for a zero {@code time.Time}) and renders as {@code null}.
   * {@code Time} keeps whole seconds only, as its Go {@code Unmarshal} does.
   */
  private static JsonNode readTime(Field field, CodedInputStream in) throws IOException {
    int length = in.readRawVarint32();
    if (length == 0) {
      return NODES.nullNode();
    }
    int limit = in.pushLimit(length);
    long seconds = 0;
    int nanos = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      boolean varint = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT;
      if (number == 1 && varint) {
        seconds = in.readInt64();
      } else if (number == 2 && varint) {
        nanos = in.readInt32();
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(limit);
    try {
      return NODES.textNode(
          field.type() == Type.TIME
              ? SECONDS.format(Instant.ofEpochSecond(seconds))
              : MICROSECONDS.format(Instant.ofEpochSecond(seconds, nanos)));
    } catch (DateTimeException e) {
      throw new ProtobufDecodingException(
          "time out of range in " + field.jsonName() + ": " + seconds + "s " + nanos + "ns", e);
    }
  }

  /** {@code meta.v1.FieldsV1 {bytes Raw = 1}}: the raw bytes are JSON, or {@code null} if none. */
  private static JsonNode readFieldsV1(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    byte[] raw = new byte[0];
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (WireFormat.getTagFieldNumber(tag) == 1
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        raw = in.readByteArray();
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(limit);
    if (raw.length == 0) {
      return NODES.nullNode();
    }
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new ProtobufDecodingException(
          "fieldsV1 is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON a Go zero value of the field's type marshals to. */
  private static JsonNode zero(Field field) {
    if (field.repeated()) {
      return NODES.nullNode();
    }
    return switch (field.type()) {
      case STRING -> NODES.textNode("");
      case INT32, INT64 -> NODES.numberNode(0);
      case BOOL -> NODES.booleanNode(false);
      case MESSAGE -> {
        ObjectNode message = NODES.objectNode();
        try {
          readFields(field.message(), CodedInputStream.newInstance(new byte[0]), message);
        } catch (IOException e) {
          throw new IllegalStateException("an empty message cannot fail to parse", e);
        }
        yield message;
      }
      case STRING_MAP, BYTES_MAP, TIME, MICRO_TIME, FIELDS_V1 -> NODES.nullNode();
    };
  }

  /**
   * Whether {@code omitempty} leaves the value out: false, 0, "", null, or an empty list or map.
   */
  private static boolean isEmpty(JsonNode value) {
    return value.isNull()
        || value.isBoolean() && !value.booleanValue()
        || value.isNumber() && value.longValue() == 0
        || value.isTextual() && value.textValue().isEmpty()
        || value.isContainerNode() && value.isEmpty();
  }
}
