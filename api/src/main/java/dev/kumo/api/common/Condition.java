package dev.kumo.api.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * One aspect of an object's current state, in the shape of Kubernetes' metav1.Condition. Clients
 * wait on conditions (kubectl wait --for=condition=Ready), not on the printable state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  /** Condition type in CamelCase, e.g. Ready, Scheduled, IpAllocated. */
  @Required
  @Size(max = 316)
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  public String type;

  /** Status of the condition: True, False or Unknown. */
  @Required public ConditionStatus status;

  /** The metadata.generation of the object when this condition was last set. */
  @Min(0)
  public Long observedGeneration;

  /**
   * When the condition last changed from one status to another (RFC 3339). It does not move when
   * only the reason or message changes.
   */
  @Required public String lastTransitionTime;

  /**
   * Machine-readable CamelCase reason for the last transition, e.g. NoCapacity or ImageNotFound.
   */
  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  public String reason;

  /** Human-readable detail about the last transition. */
  @Required
  @Size(max = 32768)
  public String message;

  public Condition() {}

  public Condition(String type, ConditionStatus status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  /** True when this condition is present with status True. */
  @JsonIgnore
  public boolean isTrue() {
    return status == ConditionStatus.True;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c
        && Objects.equals(type, c.type)
        && status == c.status
        && Objects.equals(observedGeneration, c.observedGeneration)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(reason, c.reason)
        && Objects.equals(message, c.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + ": " + message + ")";
  }
}
