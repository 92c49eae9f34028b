package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;

/** A host under evaluation, with what the filters learned about it. */
final class Candidate {
  final Host host;
  final String name;
  final String clusterName;
  Cluster cluster;
  String zoneName;
  Allocatable limit;
  CapacityLedger.HostUsage usage = CapacityLedger.HostUsage.NONE;
  String primaryStorage;
  Long storageAvailable;

  Candidate(Host host) {
    this.host = host;
    this.name = host.getMetadata().getName();
    this.clusterName = host.getSpec() == null ? null : host.getSpec().clusterRef;
  }
}
