package dev.kumo.apiserver.storage;

/** A read or watch at a revision that has been compacted away (HTTP 410 Gone). */
public final class CompactedException extends StoreException {
  private final long requested;
  private final long compactRevision;

  public CompactedException(long requested, long compactRevision) {
    super(
        "required revision "
            + requested
            + " has been compacted"
            + (compactRevision > 0 ? " (compacted to " + compactRevision + ")" : ""));
    this.requested = requested;
    this.compactRevision = compactRevision;
  }

  public long requested() {
    return requested;
  }

  /** The oldest revision still available, or 0 when unknown. */
  public long compactRevision() {
    return compactRevision;
  }
}
