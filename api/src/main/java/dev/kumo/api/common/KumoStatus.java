package dev.kumo.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** What every Kumo status carries: the conditions and the generation they describe. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class KumoStatus {

  /** The metadata.generation of the spec that this status was computed from. */
  @Min(0)
  public Long observedGeneration;

  /**
   * The latest observations of the object's state. Every kind has a Ready condition; a reference to
   * a missing object shows here as Ready=False with reason {@code <Kind>NotFound}.
   */
  public List<Condition> conditions = new ArrayList<>();
}
