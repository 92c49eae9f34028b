package dev.kumo.node;

import dev.kumo.api.Labels;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import dev.kumo.api.infra.v1alpha1.HostStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.PoolStats;
import dev.kumo.node.driver.StoragePool;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's identity and liveness: creates or claims the Host object, heartbeats its Lease and
 * reports status.facts and status.storage (the only Host fields a node daemon writes).
 */
final class HostAgent {
  private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);

  private final NodeContext node;
  private Lease lease;
  private boolean heartbeatFailing;

  HostAgent(NodeContext node) {
    this.node = node;
  }

  /** Creates {@code kumo-system} and the Host if missing, else claims the existing Host. */
  void register() {
    if (node.client.namespaces().withName(Labels.SYSTEM_NAMESPACE).get() == null) {
      try {
        node.client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(Labels.SYSTEM_NAMESPACE)
                    .endMetadata()
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    NodeDaemonConfig config = node.config;
    Host host = node.client.resources(Host.class).withName(config.host()).get();
    if (host == null) {
      Host created = new Host();
      created.getMetadata().setName(config.host());
      HostSpec spec = new HostSpec();
      spec.clusterRef = config.cluster();
      spec.managementIp = config.managementIp();
      created.setSpec(spec);
      try {
        node.client.resource(created).create();
        LOG.info("created Host {} in cluster {}", config.host(), config.cluster());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        host = node.client.resources(Host.class).withName(config.host()).get();
      }
    }
    if (host.getSpec() != null && !config.cluster().equals(host.getSpec().clusterRef)) {
      throw new IllegalStateException(
          "Host "
              + config.host()
              + " belongs to cluster "
              + host.getSpec().clusterRef
              + ", not "
              + config.cluster()
              + " (clusterRef is immutable): start the daemon with --cluster "
              + host.getSpec().clusterRef);
    }
    String previousIp = host.getSpec() == null ? null : host.getSpec().managementIp;
    if (!config.managementIp().equals(previousIp)) {
      LOG.info(
          "claiming Host {}: management IP {} -> {}",
          config.host(),
          previousIp,
          config.managementIp());
      node.object(
          host,
          h -> {
            h.getSpec().managementIp = config.managementIp();
            return true;
          });
    } else {
      LOG.info("claimed existing Host {}", config.host());
    }
  }

  /** Renews (or creates, or takes over) the heartbeat Lease. Never throws. */
  synchronized void heartbeat() {
    if (!node.alive()) {
      return;
    }
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          renew();
          if (heartbeatFailing) {
            LOG.info("host {}: heartbeat renewed again", node.host());
            heartbeatFailing = false;
          }
          return;
        } catch (KubernetesClientException e) {
          lease = null;
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      if (!heartbeatFailing && !node.stopping()) {
        LOG.warn("host {}: cannot renew its Lease: {}", node.host(), e.toString());
      }
      heartbeatFailing = true;
    }
  }

  private void renew() {
    String name = Labels.hostLease(node.host());
    int seconds = (int) node.config.leaseDuration().toSeconds();
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Lease base =
        lease != null
            ? lease
            : node.client.leases().inNamespace(Labels.SYSTEM_NAMESPACE).withName(name).get();
    if (!node.alive()) {
      return;
    }
    if (base == null) {
      lease =
          node.client
              .resource(
                  new LeaseBuilder()
                      .withNewMetadata()
                      .withNamespace(Labels.SYSTEM_NAMESPACE)
                      .withName(name)
                      .endMetadata()
                      .withNewSpec()
                      .withHolderIdentity(node.host())
                      .withLeaseDurationSeconds(seconds)
                      .withAcquireTime(now)
                      .withRenewTime(now)
                      .withLeaseTransitions(0)
                      .endSpec()
                      .build())
              .create();
      return;
    }
    Lease next = Serialization.clone(base);
    var spec = next.getSpec();
    if (!node.host().equals(spec.getHolderIdentity())) {
      spec.setHolderIdentity(node.host());
      spec.setAcquireTime(now);
      spec.setLeaseTransitions(Objects.requireNonNullElse(spec.getLeaseTransitions(), 0) + 1);
    }
    spec.setLeaseDurationSeconds(seconds);
    spec.setRenewTime(now);
    lease = node.client.resource(next).update();
  }

  /**
   * Writes status.facts and status.storage when they changed. Driver failures (a killed host) leave
   * the previous report in place.
   */
  void reportStatus() {
    if (!node.alive()) {
      return;
    }
    HostFacts facts;
    List<HostStorage> storage;
    try {
      facts = node.driver.facts();
      storage = storage();
    } catch (DriverException e) {
      LOG.warn("host {}: cannot collect facts: {}", node.host(), e.getMessage());
      return;
    }
    Host host = node.client.resources(Host.class).withName(node.host()).get();
    if (host == null) {
      LOG.warn("host {}: its Host object is gone; facts not reported", node.host());
      return;
    }
    node.status(
        host,
        h -> {
          if (h.getStatus() == null) {
            h.setStatus(new HostStatus());
          }
          h.getStatus().facts = facts;
          h.getStatus().storage = storage;
          return true;
        });
  }

  /** One entry per PrimaryStorage attached to the host's cluster, with its physical room. */
  private List<HostStorage> storage() {
    Cluster cluster = node.client.resources(Cluster.class).withName(node.config.cluster()).get();
    List<HostStorage> result = new ArrayList<>();
    if (cluster == null || cluster.getSpec() == null) {
      return result;
    }
    for (String ref :
        Objects.requireNonNullElse(cluster.getSpec().primaryStorageRefs, List.<String>of())) {
      PrimaryStorage ps = node.client.resources(PrimaryStorage.class).withName(ref).get();
      if (ps == null || ps.getSpec() == null) {
        continue;
      }
      PoolStats stats = node.driver.storage().connect(pool(ps));
      HostStorage entry = new HostStorage();
      entry.primaryStorageRef = ref;
      entry.totalPhysical = new Quantity(Long.toString(stats.totalBytes()));
      entry.availablePhysical = new Quantity(Long.toString(stats.availableBytes()));
      result.add(entry);
    }
    return result;
  }

  static StoragePool pool(PrimaryStorage ps) {
    return new StoragePool(
        ps.getMetadata().getName(),
        ps.getSpec().type == null ? null : ps.getSpec().type.name(),
        ps.getSpec().url);
  }
}
