package dev.kumo.api.infra.v1alpha1;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.KumoStatus;
import java.util.List;

/** What the host's node daemon and the Host controller observe. */
public class HostStatus extends KumoStatus {
  /** Whether the node daemon is heard from: Disconnected once its Lease expires. */
  public ConnectionStatus connection;

  /** When the node daemon last renewed its heartbeat Lease (RFC 3339). */
  public String lastHeartbeatTime;

  /** Hardware and software facts the node daemon reported. */
  public HostFacts facts;

  /** The primary storages this host's node daemon has mounted, with their physical room. */
  public List<HostStorage> storage;

  /** Allocatable capacity after over-commit and reserve, and what VMs use of it. */
  public HostCapacity capacity;

  /** Number of VMs placed on the host. */
  public Integer vms;
}
