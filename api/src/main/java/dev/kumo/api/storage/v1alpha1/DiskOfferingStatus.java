package dev.kumo.api.storage.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about a disk offering. */
public class DiskOfferingStatus extends KumoStatus {
  /** Number of volumes made from this offering that still exist. */
  public Integer volumes;
}
