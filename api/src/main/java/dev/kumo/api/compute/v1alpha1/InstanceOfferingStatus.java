package dev.kumo.api.compute.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about an instance offering. */
public class InstanceOfferingStatus extends KumoStatus {
  /** Number of VMs using this offering. */
  public Integer vms;
}
