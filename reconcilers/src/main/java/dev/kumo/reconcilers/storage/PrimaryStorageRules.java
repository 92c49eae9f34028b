package dev.kumo.reconcilers.storage;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.StorageCapacity;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.reconcilers.infra.Quantities;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A primary storage's status as a pure function of the clusters, hosts and volumes (ZStack §1.3,
 * §1.6): attached clusters, connection (Connected when a Connected host of an attached cluster
 * reports it mounted), capacity (physical = sum over the hosts for LocalStorage, one host's view
 * for NFS and SharedMountPoint; total = physical × storage over-commit; available = total − the
 * sizes of its volumes) and the physical threshold ({@code
 * mevoco.threshold.primaryStorage.physicalCapacity}, 90 %).
 */
public final class PrimaryStorageRules {
  /** The condition type that tells whether physical usage is under the threshold. */
  public static final String PHYSICAL_CAPACITY = "PhysicalCapacityAvailable";

  private PrimaryStorageRules() {}

  /**
   * What the controller reports.
   *
   * @param clusters names of the attached clusters, sorted
   * @param connection the connection
   * @param capacity the capacity, or null while no host reports the storage
   * @param physical the PhysicalCapacityAvailable condition, or null without capacity
   * @param ready the Ready condition
   */
  public record Result(
      List<String> clusters,
      ConnectionStatus connection,
      StorageCapacity capacity,
      Verdict physical,
      Verdict ready) {}

  /**
   * The status of {@code ps}.
   *
   * @param zoneExists whether its zone exists
   * @param clusters every cluster
   * @param hosts every host
   * @param volumes the volumes on it
   * @param previous the connection reported before, or null
   * @param threshold used fraction of physical capacity above which the storage counts as full
   */
  public static Result evaluate(
      PrimaryStorage ps,
      boolean zoneExists,
      Collection<Cluster> clusters,
      Collection<Host> hosts,
      Collection<Volume> volumes,
      ConnectionStatus previous,
      double threshold) {
    String name = ps.getMetadata().getName();
    List<Cluster> attached =
        clusters.stream()
            .filter(
                c ->
                    c.getSpec() != null
                        && c.getSpec().primaryStorageRefs != null
                        && c.getSpec().primaryStorageRefs.contains(name))
            .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
            .toList();
    List<String> clusterNames = attached.stream().map(c -> c.getMetadata().getName()).toList();
    Set<String> clusterSet = Set.copyOf(clusterNames);
    List<Report> reports = new ArrayList<>();
    for (Host h : hosts) {
      if (h.getSpec() == null
          || !clusterSet.contains(h.getSpec().clusterRef)
          || h.getStatus() == null
          || h.getStatus().storage == null) {
        continue;
      }
      boolean up = h.getStatus().connection == ConnectionStatus.Connected;
      for (HostStorage s : h.getStatus().storage) {
        if (name.equals(s.primaryStorageRef)) {
          reports.add(new Report(h.getMetadata().getName(), up, s));
        }
      }
    }
    reports.sort(Comparator.comparing(Report::host));
    boolean connected = reports.stream().anyMatch(Report::up);
    ConnectionStatus connection =
        connected
            ? ConnectionStatus.Connected
            : previous == ConnectionStatus.Connected || previous == ConnectionStatus.Disconnected
                ? ConnectionStatus.Disconnected
                : ConnectionStatus.Connecting;
    int percent =
        attached.stream()
            .map(c -> c.getSpec().overcommit == null ? null : c.getSpec().overcommit.storagePercent)
            .filter(Objects::nonNull)
            .min(Integer::compare)
            .orElse(100);
    StorageCapacity capacity = capacity(ps.getSpec().type, reports, volumes, percent);
    Verdict physical = capacity == null ? null : physical(capacity, threshold);
    return new Result(
        clusterNames,
        connection,
        capacity,
        physical,
        ready(ps, zoneExists, clusterNames, connection));
  }

  private record Report(String host, boolean up, HostStorage storage) {}

  private static StorageCapacity capacity(
      PrimaryStorageType type, List<Report> reports, Collection<Volume> volumes, int percent) {
    List<Report> counted;
    if (type == PrimaryStorageType.LocalStorage) {
      counted = reports;
    } else {
      counted =
          reports.stream()
              .filter(Report::up)
              .findFirst()
              .or(() -> reports.stream().findFirst())
              .map(List::of)
              .orElse(List.of());
    }
    if (counted.isEmpty()) {
      return null;
    }
    long totalPhysical = 0;
    long availablePhysical = 0;
    for (Report r : counted) {
      totalPhysical += Objects.requireNonNullElse(Quantities.bytes(r.storage().totalPhysical), 0L);
      availablePhysical +=
          Objects.requireNonNullElse(Quantities.bytes(r.storage().availablePhysical), 0L);
    }
    long total = totalPhysical / 100 * percent + totalPhysical % 100 * percent / 100;
    long used = 0;
    for (Volume v : volumes) {
      Long size = v.getStatus() == null ? null : Quantities.bytes(v.getStatus().size);
      if (size == null && v.getSpec() != null) {
        size = Quantities.bytes(v.getSpec().size);
      }
      used += size == null ? 0 : size;
    }
    StorageCapacity c = new StorageCapacity();
    c.totalPhysical = Quantities.ofBytes(totalPhysical);
    c.availablePhysical = Quantities.ofBytes(availablePhysical);
    c.total = Quantities.ofBytes(total);
    c.available = Quantities.ofBytes(Math.max(0, total - used));
    return c;
  }

  /** Whether physical usage is under the threshold. */
  static Verdict physical(StorageCapacity c, double threshold) {
    long total = Quantities.bytes(c.totalPhysical);
    long available = Quantities.bytes(c.availablePhysical);
    long percentUsed = total == 0 ? 100 : Math.round((total - available) * 100.0 / total);
    long limit = Math.round(threshold * 100);
    String detail = percentUsed + " % of the physical capacity is used (threshold " + limit + " %)";
    return total == 0 || total - available > threshold * total
        ? Verdict.no("PhysicalThresholdExceeded", detail + ": the storage counts as full")
        : Verdict.ok("BelowThreshold", detail);
  }

  private static Verdict ready(
      PrimaryStorage ps, boolean zoneExists, List<String> clusters, ConnectionStatus connection) {
    if (!zoneExists) {
      return Verdict.no("ZoneNotFound", "Zone " + ps.getSpec().zoneRef + " does not exist");
    }
    if (clusters.isEmpty()) {
      return Verdict.no("NotAttached", "no Cluster lists this storage in spec.primaryStorageRefs");
    }
    MaintainableState state =
        ps.getSpec().state == null ? MaintainableState.Enabled : ps.getSpec().state;
    if (state == MaintainableState.Maintenance) {
      return Verdict.no("Maintenance", "the storage is in Maintenance");
    }
    if (state == MaintainableState.Disabled) {
      return Verdict.no("Disabled", "the storage is Disabled: no new volumes are placed on it");
    }
    if (connection != ConnectionStatus.Connected) {
      return Verdict.no(
          connection.name(),
          "no Connected host of the attached clusters ("
              + String.join(", ", clusters)
              + ") reports the storage mounted");
    }
    return Verdict.ok("Enabled", "the storage is Enabled and mounted");
  }
}
