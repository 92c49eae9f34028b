package dev.kumo.api.infra.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about a zone. */
public class ZoneStatus extends KumoStatus {
  /** Number of clusters in the zone. */
  public Integer clusters;

  /** Number of hosts in the zone's clusters. */
  public Integer hosts;
}
