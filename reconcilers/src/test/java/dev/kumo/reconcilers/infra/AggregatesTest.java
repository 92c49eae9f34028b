package dev.kumo.reconcilers.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.ClusterSpec;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AggregatesTest {
  static Cluster cluster(String name, String zone) {
    Cluster c = new Cluster();
    c.setMetadata(new ObjectMeta());
    c.getMetadata().setName(name);
    c.setSpec(new ClusterSpec());
    c.getSpec().zoneRef = zone;
    return c;
  }

  static Host host(String name, String cluster, ConnectionStatus connection) {
    Host h = new Host();
    h.setMetadata(new ObjectMeta());
    h.getMetadata().setName(name);
    h.setSpec(new HostSpec());
    h.getSpec().clusterRef = cluster;
    h.setStatus(new HostStatus());
    h.getStatus().connection = connection;
    return h;
  }

  @Test
  void zoneCountsItsClustersAndTheirHosts() {
    List<Cluster> clusters = List.of(cluster("c1", "z1"), cluster("c2", "z1"), cluster("c3", "z2"));
    List<Host> hosts =
        List.of(
            host("h1", "c1", ConnectionStatus.Connected),
            host("h2", "c2", null),
            host("h3", "c3", ConnectionStatus.Connected),
            host("h4", "gone", ConnectionStatus.Connected));
    assertEquals(new Aggregates.ZoneCounts(2, 2), Aggregates.zone("z1", clusters, hosts));
    assertEquals(new Aggregates.ZoneCounts(0, 0), Aggregates.zone("z9", clusters, hosts));
  }

  @Test
  void clusterCountsHostsConnectedHostsAndVms() {
    List<Host> hosts =
        List.of(
            host("h1", "c1", ConnectionStatus.Connected),
            host("h2", "c1", ConnectionStatus.Disconnected),
            host("h3", "c2", ConnectionStatus.Connected));
    VmInstance a = HostCapacitiesTest.vm("h1", VmState.Running, 1, "1Gi");
    a.getStatus().clusterRef = "c1";
    VmInstance b = HostCapacitiesTest.vm("h2", VmState.Stopped, 1, "1Gi");
    b.getStatus().clusterRef = "c1";
    VmInstance c = HostCapacitiesTest.vm("h3", VmState.Running, 1, "1Gi");
    c.getStatus().clusterRef = "c2";
    assertEquals(
        new Aggregates.ClusterCounts(2, 1, 2), Aggregates.cluster("c1", hosts, List.of(a, b, c)));
  }

  @Test
  void clusterReadyReportsMissingReferencesFirst() {
    Cluster c = cluster("c1", "z1");
    assertEquals("ZoneNotFound", Aggregates.clusterReady(c, false, List.of(), List.of()).reason());
    var ps = Aggregates.clusterReady(c, true, List.of("ps1", "ps2"), List.of("l2"));
    assertEquals("PrimaryStorageNotFound", ps.reason());
    assertEquals("attached PrimaryStorage ps1, ps2 do not exist", ps.message());
    var l2 = Aggregates.clusterReady(c, true, List.of(), List.of("l2"));
    assertEquals("L2NetworkNotFound", l2.reason());
    assertEquals("attached L2Network l2 does not exist", l2.message());
    assertTrue(Aggregates.clusterReady(c, true, List.of(), List.of()).isTrue());
    c.getSpec().state = AdminState.Disabled;
    assertEquals("Disabled", Aggregates.clusterReady(c, true, List.of(), List.of()).reason());
  }

  @Test
  void missingKeepsTheOrderOfTheReferences() {
    assertEquals(
        List.of("b", "d"), Aggregates.missing(List.of("a", "b", "c", "d"), Set.of("a", "c")));
    assertEquals(List.of(), Aggregates.missing(null, Set.of()));
  }

  @Test
  void namesAreCutAfterTheLimit() {
    assertEquals("a, b", StatusConditions.names(List.of("a", "b"), 2));
    assertEquals("a, b and 2 more", StatusConditions.names(List.of("a", "b", "c", "d"), 2));
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToDefault() {
    Host h = host("h1", "c1", null);
    h.getMetadata().setUid("u-1");
    var e =
        Events.event(
            h,
            Events.WARNING,
            "Disconnected",
            "x".repeat(2000),
            Instant.parse("2025-01-01T00:00:00Z"));
    assertEquals("default", e.getMetadata().getNamespace());
    assertTrue(e.getMetadata().getName().startsWith("h1."));
    assertEquals("Host", e.getInvolvedObject().getKind());
    assertEquals("infra.kumo.dev/v1alpha1", e.getInvolvedObject().getApiVersion());
    assertEquals("u-1", e.getInvolvedObject().getUid());
    assertEquals(1024, e.getMessage().length());
    assertEquals("2025-01-01T00:00:00Z", e.getLastTimestamp());
  }
}
