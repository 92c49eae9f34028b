package dev.kumo.apiserver.protobuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire layout of one message of a Kubernetes {@code generated.proto} and how the Go struct it
 * stands for appears in JSON: each field's number, JSON name, type and when {@code encoding/json}
 * writes it. Fields are kept in the Go struct's order, which is the order of the JSON keys.
 */
final class MessageSchema {
  /** How a field's value is carried on the wire and rendered in JSON. */
  enum Type {
    /** {@code string}: a JSON string. */
    STRING,
    /** {@code int32}: a JSON number. */
    INT32,
    /** {@code int64}: a JSON number. */
    INT64,
    /** {@code bool}: a JSON boolean. */
    BOOL,
    /** A nested message: a JSON object. */
    MESSAGE,
    /** {@code meta.v1.Time}: RFC 3339 to the second, {@code null} when zero. */
    TIME,
    /** {@code meta.v1.MicroTime}: RFC 3339 to the microsecond, {@code null} when zero. */
    MICRO_TIME,
    /** {@code map<string, string>}: a JSON object of strings. */
    STRING_MAP,
    /** {@code map<string, bytes>}: a JSON object of base64 strings (Go's {@code []byte}). */
    BYTES_MAP,
    /** {@code meta.v1.FieldsV1}: its raw bytes are JSON, embedded as they are. */
    FIELDS_V1
  }

  /** When {@code encoding/json} writes a field. */
  enum Emit {
    /** A value field tagged {@code omitempty}: left out when zero, empty or absent. */
    OMIT_EMPTY,
    /**
     * A value field without {@code omitempty}, or a struct (on which {@code omitempty} has no
     * effect): always written, with its zero value when absent from the wire.
     */
    ALWAYS,
    /** A pointer field: written when the wire has it (protobuf writes set pointers only). */
    IF_PRESENT
  }

  /**
   * One field.
   *
   * @param number the protobuf field number
   * @param jsonName the JSON key
   * @param type the wire and JSON type
   * @param repeated whether the field is a list
   * @param emit when JSON has the field
   * @param message the nested message for {@link Type#MESSAGE}, else null
   */
  record Field(
      int number, String jsonName, Type type, boolean repeated, Emit emit, MessageSchema message) {}

  private final String name;
  private final List<Field> fields;
  private final Map<Integer, Field> byNumber;

  private MessageSchema(String name, List<Field> fields) {
    this.name = name;
    this.fields = List.copyOf(fields);
    Map<Integer, Field> numbers = new HashMap<>();
    for (Field field : fields) {
      if (numbers.put(field.number(), field) != null) {
        throw new IllegalArgumentException(name + " declares field " + field.number() + " twice");
      }
    }
    this.byNumber = Map.copyOf(numbers);
  }

  /** Starts a schema for the message called {@code name} (used in error messages). */
  static Builder builder(String name) {
    return new Builder(name);
  }

  /** The message's name, e.g. {@code ObjectMeta}. */
  String name() {
    return name;
  }

  /** The fields in JSON order. */
  List<Field> fields() {
    return fields;
  }

  /** The field with this number, or null for a field Kumo does not know (it is skipped). */
  Field field(int number) {
    return byNumber.get(number);
  }

  /** Collects fields in Go struct order. */
  static final class Builder {
    private final String name;
    private final List<Field> fields = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** A {@code string} field. */
    Builder string(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.STRING, false, emit, null);
    }

    /** A {@code repeated string} field tagged {@code omitempty}. */
    Builder strings(int number, String jsonName) {
      return add(number, jsonName, Type.STRING, true, Emit.OMIT_EMPTY, null);
    }

    /** An {@code int32} field. */
    Builder int32(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.INT32, false, emit, null);
    }

    /** An {@code int64} field. */
    Builder int64(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.INT64, false, emit, null);
    }

    /** A {@code bool} field. */
    Builder bool(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.BOOL, false, emit, null);
    }

    /** A nested message: a Go struct ({@link Emit#ALWAYS}) or pointer ({@link Emit#IF_PRESENT}). */
    Builder message(int number, String jsonName, MessageSchema message, Emit emit) {
      return add(number, jsonName, Type.MESSAGE, false, requireStructEmit(emit), message);
    }

    /** A repeated nested message tagged {@code omitempty}. */
    Builder messages(int number, String jsonName, MessageSchema message) {
      return add(number, jsonName, Type.MESSAGE, true, Emit.OMIT_EMPTY, message);
    }

    /** A {@code meta.v1.Time} field, a struct ({@link Emit#ALWAYS}) or a pointer. */
    Builder time(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.TIME, false, requireStructEmit(emit), null);
    }

    /** A {@code meta.v1.MicroTime} field, a struct ({@link Emit#ALWAYS}) or a pointer. */
    Builder microTime(int number, String jsonName, Emit emit) {
      return add(number, jsonName, Type.MICRO_TIME, false, requireStructEmit(emit), null);
    }

    /** A {@code map<string, string>} field tagged {@code omitempty}. */
    Builder stringMap(int number, String jsonName) {
      return add(number, jsonName, Type.STRING_MAP, false, Emit.OMIT_EMPTY, null);
    }

    /** A {@code map<string, bytes>} field tagged {@code omitempty}. */
    Builder bytesMap(int number, String jsonName) {
      return add(number, jsonName, Type.BYTES_MAP, false, Emit.OMIT_EMPTY, null);
    }

    /** A {@code *meta.v1.FieldsV1} field. */
    Builder fieldsV1(int number, String jsonName) {
      return add(number, jsonName, Type.FIELDS_V1, false, Emit.IF_PRESENT, null);
    }

    /** The schema. */
    MessageSchema build() {
      return new MessageSchema(name, fields);
    }

    private Emit requireStructEmit(Emit emit) {
      if (emit == Emit.OMIT_EMPTY) {
        throw new IllegalArgumentException(
            name + ": omitempty has no effect on structs; use ALWAYS or IF_PRESENT");
      }
      return emit;
    }

    private Builder add(
        int number,
        String jsonName,
        Type type,
        boolean repeated,
        Emit emit,
        MessageSchema message) {
      fields.add(new Field(number, jsonName, type, repeated, emit, message));
      return this;
    }
  }
}
