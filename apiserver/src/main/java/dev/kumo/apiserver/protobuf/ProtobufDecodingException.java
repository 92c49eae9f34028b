package dev.kumo.apiserver.protobuf;

/** A request body that is not a well-formed Kubernetes protobuf object of a kind Kumo decodes. */
public final class ProtobufDecodingException extends RuntimeException {
  /** An error with the message the client sees, e.g. {@code unexpected EOF}. */
  public ProtobufDecodingException(String message) {
    super(message);
  }

  /** An error with the message the client sees and the underlying parse failure. */
  public ProtobufDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
