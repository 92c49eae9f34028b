package dev.kumo.reconcilers.infra;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The counts and reference checks of Zone and Cluster status, as pure functions. */
public final class Aggregates {
  private Aggregates() {}

  /** Zone counts: its clusters and the hosts of those clusters. */
  public record ZoneCounts(int clusters, int hosts) {}

  /** Cluster counts: its hosts, those connected, and the VMs placed in it. */
  public record ClusterCounts(int hosts, int connectedHosts, int vms) {}

  /** The counts of zone {@code zone}. */
  public static ZoneCounts zone(String zone, Collection<Cluster> clusters, Collection<Host> hosts) {
    Set<String> mine =
        clusters.stream()
            .filter(c -> c.getSpec() != null && zone.equals(c.getSpec().zoneRef))
            .map(c -> c.getMetadata().getName())
            .collect(Collectors.toSet());
    int hostCount =
        (int)
            hosts.stream()
                .filter(h -> h.getSpec() != null && mine.contains(h.getSpec().clusterRef))
                .count();
    return new ZoneCounts(mine.size(), hostCount);
  }

  /** The counts of cluster {@code cluster}; VMs count by {@code status.clusterRef}. */
  public static ClusterCounts cluster(
      String cluster, Collection<Host> hosts, Collection<VmInstance> vms) {
    int total = 0;
    int connected = 0;
    for (Host h : hosts) {
      if (h.getSpec() != null && cluster.equals(h.getSpec().clusterRef)) {
        total++;
        if (h.getStatus() != null && h.getStatus().connection == ConnectionStatus.Connected) {
          connected++;
        }
      }
    }
    int vmCount =
        (int)
            vms.stream()
                .filter(vm -> vm.getStatus() != null && cluster.equals(vm.getStatus().clusterRef))
                .count();
    return new ClusterCounts(total, connected, vmCount);
  }

  /** The names in {@code refs} that are not in {@code existing}, in order. */
  public static List<String> missing(List<String> refs, Set<String> existing) {
    List<String> missing = new ArrayList<>();
    if (refs != null) {
      for (String ref : refs) {
        if (!existing.contains(ref)) {
          missing.add(ref);
        }
      }
    }
    return missing;
  }

  /** Ready of an object with an administrative state and no other problem. */
  public static Verdict adminState(String kind, AdminState state) {
    return state == AdminState.Disabled
        ? Verdict.no("Disabled", kind + " is Disabled: it takes no new VMs")
        : Verdict.ok("Enabled", kind + " is Enabled");
  }

  /**
   * Ready of a cluster: its zone exists, every attached primary storage and L2 network exists, and
   * it is Enabled.
   */
  public static Verdict clusterReady(
      Cluster cluster,
      boolean zoneExists,
      List<String> missingPrimaryStorage,
      List<String> missingL2Networks) {
    if (!zoneExists) {
      return Verdict.no("ZoneNotFound", "Zone " + cluster.getSpec().zoneRef + " does not exist");
    }
    if (!missingPrimaryStorage.isEmpty()) {
      return Verdict.no(
          "PrimaryStorageNotFound",
          "attached PrimaryStorage "
              + String.join(", ", missingPrimaryStorage)
              + (missingPrimaryStorage.size() == 1 ? " does" : " do")
              + " not exist");
    }
    if (!missingL2Networks.isEmpty()) {
      return Verdict.no(
          "L2NetworkNotFound",
          "attached L2Network "
              + String.join(", ", missingL2Networks)
              + (missingL2Networks.size() == 1 ? " does" : " do")
              + " not exist");
    }
    return adminState("cluster", cluster.getSpec().state);
  }
}
