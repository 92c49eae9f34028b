package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the API server would answer to a write of one object. */
public sealed interface Verdict {

  /** The object would be stored, pruned and defaulted as given. */
  record Accepted(ObjectNode object) implements Verdict {}

  /**
   * The write would be refused.
   *
   * @param code the HTTP status: 400 (undecodable), 404 (unknown kind) or 422 (invalid)
   * @param reason the Status reason: BadRequest, NotFound or Invalid
   * @param message the Status message as kube-apiserver words it
   * @param causes one line per offending field, as kubectl prints them
   */
  record Rejected(int code, String reason, String message, List<String> causes) implements Verdict {
    /** Canonical constructor: an immutable copy of the causes. */
    public Rejected {
      causes = List.copyOf(causes);
    }
  }
}
