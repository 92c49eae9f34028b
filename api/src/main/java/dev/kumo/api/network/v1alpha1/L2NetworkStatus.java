package dev.kumo.api.network.v1alpha1;

import dev.kumo.api.common.KumoStatus;
import java.util.List;

/** What Kumo observes about an L2 network. */
public class L2NetworkStatus extends KumoStatus {
  /** Names of the clusters the network is attached to (from Cluster.spec.l2NetworkRefs). */
  public List<String> clusters;

  /** Tunnel endpoints of the hosts carrying a VXLAN network. */
  public List<String> vteps;
}
