package dev.kumo.apiserver.protobuf;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds protobuf bytes field by field with protobuf-java's {@link CodedOutputStream}, following
 * the field numbers of Kubernetes' {@code generated.proto} files, the way gogo-protobuf writes
 * them. Test input only: Kumo itself never encodes protobuf.
 */
public final class Proto {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

  private Proto() {}

  /** An empty message to add fields to. */
  public static Proto message() {
    return new Proto();
  }

  /** A {@code meta.v1.Time} or {@code MicroTime}: {@code {seconds = 1, nanos = 2}}. */
  public static Proto time(long seconds, int nanos) {
    return message().varint(1, seconds).varint(2, nanos);
  }

  /**
   * A request body: the magic {@code k8s\0} and a {@code runtime.Unknown} with the type, the
   * object's bytes and the empty content encoding and type kubectl writes.
   */
  public static byte[] envelope(String apiVersion, String kind, Proto object) {
    byte[] unknown =
        message()
            .message(1, message().string(1, apiVersion).string(2, kind))
            .bytes(2, object.toByteArray())
            .string(3, "")
            .string(4, "")
            .toByteArray();
    byte[] body = new byte[unknown.length + 4];
    body[0] = 'k';
    body[1] = '8';
    body[2] = 's';
    body[3] = 0;
    System.arraycopy(unknown, 0, body, 4, unknown.length);
    return body;
  }

  /** A length-delimited string field. */
  public Proto string(int number, String value) {
    return write(() -> out.writeString(number, value));
  }

  /** A length-delimited bytes field. */
  public Proto bytes(int number, byte[] value) {
    return write(() -> out.writeByteArray(number, value));
  }

  /** A varint field ({@code int32}, {@code int64}). */
  public Proto varint(int number, long value) {
    return write(() -> out.writeInt64(number, value));
  }

  /** A {@code bool} field. */
  public Proto bool(int number, boolean value) {
    return write(() -> out.writeBool(number, value));
  }

  /** A 32-bit fixed field (no Kubernetes message has one: for unknown-field tests). */
  public Proto fixed32(int number, int value) {
    return write(() -> out.writeFixed32(number, value));
  }

  /** A 64-bit fixed field (no Kubernetes message has one: for unknown-field tests). */
  public Proto fixed64(int number, long value) {
    return write(() -> out.writeFixed64(number, value));
  }

  /** A nested message field. */
  public Proto message(int number, Proto message) {
    return bytes(number, message.toByteArray());
  }

  /** One {@code map<string, string>} entry: a message {@code {key = 1, value = 2}}. */
  public Proto entry(int number, String key, String value) {
    return message(number, message().string(1, key).string(2, value));
  }

  /** One {@code map<string, bytes>} entry. */
  public Proto entry(int number, String key, byte[] value) {
    return message(number, message().string(1, key).bytes(2, value));
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    write(out::flush);
    return buffer.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private Proto write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
