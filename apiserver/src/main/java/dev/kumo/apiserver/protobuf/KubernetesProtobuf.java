package dev.kumo.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * Request bodies in {@code application/vnd.kubernetes.protobuf}, which client-go's typed clients
 * (kubectl 1.32's {@code create namespace|configmap|secret}, controllers' events and leases) send
 * for built-in kinds: Namespace, ConfigMap, Secret, Event, Lease, and the SelfSubjectAccessReview
 * and SelfSubjectRulesReview of {@code kubectl auth can-i}.
 *
 * <p>Such a body is the magic {@code k8s\0} and a {@code runtime.Unknown} message: {@code typeMeta
 * = 1 {apiVersion = 1, kind = 2}}, {@code raw = 2} (the object's own message), {@code
 * contentEncoding = 3}, {@code contentType = 4}. {@link #decode} turns it into the JSON tree the
 * same object sent as JSON would give, so the rest of the server sees no difference.
 *
 * <p>Only decoding is needed: these clients send {@code Accept:
 * application/vnd.kubernetes.protobuf,application/json}, so responses stay JSON.
 */
public final class KubernetesProtobuf {
  /** The media type of Kubernetes protobuf bodies. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private KubernetesProtobuf() {}

  /** Whether {@link #decode} understands objects of this {@code apiVersion} and kind. */
  public static boolean decodes(String apiVersion, String kind) {
    return BuiltinSchemas.KINDS.containsKey(apiVersion + "/" + kind);
  }

  /**
   * The object in a protobuf body, as JSON with {@code apiVersion} and {@code kind} from the
   * envelope. Fields Kumo does not know are skipped.
   *
   * @throws ProtobufDecodingException if the body is not a protobuf envelope, names a kind {@link
   *     #decodes} rejects, or the object's bytes are malformed
   */
  public static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, 4)) {
      throw new ProtobufDecodingException(
          "provided data does not appear to be a protobuf message, expected prefix "
              + Arrays.toString(new int[] {107, 56, 115, 0}));
    }
    Envelope envelope;
    try {
      envelope = Envelope.read(CodedInputStream.newInstance(body, 4, body.length - 4));
    } catch (IOException e) {
      throw new ProtobufDecodingException("runtime.Unknown: " + e.getMessage(), e);
    }
    if (envelope.kind().isEmpty()) {
      throw new ProtobufDecodingException("Object 'Kind' is missing in the protobuf envelope");
    }
    if (envelope.apiVersion().isEmpty()) {
      throw new ProtobufDecodingException(
          "Object 'apiVersion' is missing in the protobuf envelope");
    }
    if (!envelope.contentEncoding().isEmpty()) {
      throw new ProtobufDecodingException(
          "unsupported content encoding \"" + envelope.contentEncoding() + "\"");
    }
    MessageSchema schema = BuiltinSchemas.KINDS.get(envelope.apiVersion() + "/" + envelope.kind());
    if (schema == null) {
      throw new ProtobufDecodingException(
          "no kind \""
              + envelope.kind()
              + "\" is registered for version \""
              + envelope.apiVersion()
              + "\"");
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", envelope.apiVersion()).put("kind", envelope.kind());
    return MessageDecoder.decode(schema, envelope.raw(), object);
  }

  /** The fields of {@code runtime.Unknown} that matter here. */
  private record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding) {
    static Envelope read(CodedInputStream in) throws IOException {
      String apiVersion = "";
      String kind = "";
      byte[] raw = new byte[0];
      String contentEncoding = "";
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return new Envelope(apiVersion, kind, raw, contentEncoding);
        }
        boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        switch (delimited ? WireFormat.getTagFieldNumber(tag) : 0) {
          case 1 -> {
            int limit = in.pushLimit(in.readRawVarint32());
            String[] typeMeta = readTypeMeta(in);
            apiVersion = typeMeta[0];
            kind = typeMeta[1];
            in.popLimit(limit);
          }
          case 2 -> raw = in.readByteArray();
          case 3 -> contentEncoding = in.readString();
          default -> in.skipField(tag);
        }
      }
    }

    /** {@code runtime.TypeMeta {apiVersion = 1, kind = 2}}. */
    private static String[] readTypeMeta(CodedInputStream in) throws IOException {
      String[] typeMeta = {"", ""};
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return typeMeta;
        }
        int number = WireFormat.getTagFieldNumber(tag);
        if ((number == 1 || number == 2)
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          typeMeta[number - 1] = in.readString();
        } else {
          in.skipField(tag);
        }
      }
    }
  }
}
