package dev.kumo.node.driver;

/**
 * A driver could not carry out an operation on the host. The {@link #reason()} is a CamelCase word
 * a reconciler can copy into a status condition; the message says what failed and why.
 */
public class DriverException extends RuntimeException {
  /** The operation failed for a reason the driver did not classify. */
  public static final String FAILED = "DriverFailed";

  /** The simulator injected this failure on purpose (see {@code SimulatorDriver}). */
  public static final String INJECTED = "InjectedFailure";

  /** The host does not answer (a killed simulated host, a libvirtd that is down). */
  public static final String HOST_DOWN = "HostDown";

  /** The domain, volume or image the operation names does not exist. */
  public static final String NOT_FOUND = "NotFound";

  /** The object is in a state that does not allow the operation, e.g. pausing a stopped domain. */
  public static final String INVALID_STATE = "InvalidState";

  /** A downloaded image does not match the checksum it was registered with. */
  public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";

  /** The storage has no room for the file. */
  public static final String NO_SPACE = "NoSpace";

  private static final long serialVersionUID = 1L;

  private final String reason;

  /** A failure with a CamelCase reason and a message for humans. */
  public DriverException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A failure caused by another exception. */
  public DriverException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** CamelCase machine-readable reason, e.g. {@link #INJECTED}. */
  public String reason() {
    return reason;
  }

  /**
   * Whether trying again can help. A checksum mismatch cannot: the URL and checksum of an image are
   * immutable.
   */
  public boolean retryable() {
    return !CHECKSUM_MISMATCH.equals(reason);
  }
}
