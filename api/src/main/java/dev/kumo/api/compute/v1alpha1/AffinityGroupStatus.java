package dev.kumo.api.compute.v1alpha1;

import dev.kumo.api.common.KumoStatus;
import java.util.List;

/** What Kumo observes about an affinity group. */
public class AffinityGroupStatus extends KumoStatus {
  /** Names of the VMs in the group. */
  public List<String> vms;

  /** Number of VMs in the group. */
  public Integer vmCount;
}
