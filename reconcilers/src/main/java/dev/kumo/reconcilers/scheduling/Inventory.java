package dev.kumo.reconcilers.scheduling;

import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The infrastructure the scheduler decides over, as read from the informers' caches. Maps are keyed
 * by object name (all these kinds are cluster-scoped).
 *
 * @param zones zones by name
 * @param clusters clusters by name
 * @param hosts all hosts
 * @param primaryStorages primary storages by name
 * @param l3Networks L3 networks by name
 * @param metrics utilisation by host name (may be empty)
 * @param config cloud-wide allocator defaults
 */
public record Inventory(
    Map<String, Zone> zones,
    Map<String, Cluster> clusters,
    List<Host> hosts,
    Map<String, PrimaryStorage> primaryStorages,
    Map<String, L3Network> l3Networks,
    Map<String, HostMetrics> metrics,
    SchedulerConfig config) {

  /** Replaces nulls by empty collections and the defaults. */
  public Inventory {
    zones = zones == null ? Map.of() : zones;
    clusters = clusters == null ? Map.of() : clusters;
    hosts = hosts == null ? List.of() : hosts;
    primaryStorages = primaryStorages == null ? Map.of() : primaryStorages;
    l3Networks = l3Networks == null ? Map.of() : l3Networks;
    metrics = metrics == null ? Map.of() : metrics;
    config = config == null ? SchedulerConfig.DEFAULTS : config;
  }

  /** Builds an inventory from object lists, keyed by {@code metadata.name}. */
  public static Inventory of(
      Collection<Zone> zones,
      Collection<Cluster> clusters,
      Collection<Host> hosts,
      Collection<PrimaryStorage> primaryStorages,
      Collection<L3Network> l3Networks,
      Map<String, HostMetrics> metrics,
      SchedulerConfig config) {
    return new Inventory(
        byName(zones),
        byName(clusters),
        hosts == null ? List.of() : List.copyOf(hosts),
        byName(primaryStorages),
        byName(l3Networks),
        metrics,
        config);
  }

  private static <T extends CustomResource<?, ?>> Map<String, T> byName(Collection<T> items) {
    Map<String, T> out = new TreeMap<>();
    if (items != null) {
      for (T t : items) {
        if (t != null && t.getMetadata() != null && t.getMetadata().getName() != null) {
          out.put(t.getMetadata().getName(), t);
        }
      }
    }
    return out;
  }
}
