package dev.kumo.api.infra.v1alpha1;

import dev.kumo.api.common.KumoStatus;

/** What Kumo observes about a cluster. */
public class ClusterStatus extends KumoStatus {
  /** Number of hosts in the cluster. */
  public Integer hosts;

  /** Number of hosts whose node daemon is connected. */
  public Integer connectedHosts;

  /** Number of VMs placed in the cluster. */
  public Integer vms;
}
