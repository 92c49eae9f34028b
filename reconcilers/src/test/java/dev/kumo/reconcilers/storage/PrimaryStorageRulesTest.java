package dev.kumo.reconcilers.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.ClusterSpec;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.api.infra.v1alpha1.HostStatus;
import dev.kumo.api.infra.v1alpha1.HostStorage;
import dev.kumo.api.infra.v1alpha1.Overcommit;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeSpec;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryStorageRulesTest {
  private static ObjectMeta meta(String name) {
    ObjectMeta m = new ObjectMeta();
    m.setName(name);
    return m;
  }

  private static PrimaryStorage ps(PrimaryStorageType type) {
    PrimaryStorage ps = new PrimaryStorage();
    ps.setMetadata(meta("ps"));
    ps.setSpec(new PrimaryStorageSpec());
    ps.getSpec().zoneRef = "z";
    ps.getSpec().type = type;
    return ps;
  }

  private static Cluster cluster(String name, Integer storagePercent, String... ps) {
    Cluster c = new Cluster();
    c.setMetadata(meta(name));
    c.setSpec(new ClusterSpec());
    c.getSpec().primaryStorageRefs = List.of(ps);
    if (storagePercent != null) {
      c.getSpec().overcommit = new Overcommit();
      c.getSpec().overcommit.storagePercent = storagePercent;
    }
    return c;
  }

  private static Host host(String name, String cluster, boolean up, String total, String free) {
    Host h = new Host();
    h.setMetadata(meta(name));
    h.setSpec(new HostSpec());
    h.getSpec().clusterRef = cluster;
    h.setStatus(new HostStatus());
    h.getStatus().connection = up ? ConnectionStatus.Connected : ConnectionStatus.Disconnected;
    HostStorage s = new HostStorage();
    s.primaryStorageRef = "ps";
    s.totalPhysical = new Quantity(total);
    s.availablePhysical = new Quantity(free);
    h.getStatus().storage = List.of(s);
    return h;
  }

  private static Volume volume(String size, boolean inStatus) {
    Volume v = new Volume();
    v.setMetadata(meta("v" + size));
    v.setSpec(new VolumeSpec());
    if (inStatus) {
      v.setStatus(new VolumeStatus());
      v.getStatus().size = new Quantity(size);
    } else {
      v.getSpec().size = new Quantity(size);
    }
    return v;
  }

  @Test
  void localStorageSumsItsHostsAndSubtractsItsVolumes() {
    var r =
        PrimaryStorageRules.evaluate(
            ps(PrimaryStorageType.LocalStorage),
            true,
            List.of(cluster("c2", null, "ps"), cluster("c1", null, "ps"), cluster("c3", null)),
            List.of(
                host("h1", "c1", true, "100Gi", "60Gi"),
                host("h2", "c2", false, "100Gi", "40Gi"),
                host("h3", "c3", true, "100Gi", "100Gi")),
            List.of(volume("10Gi", true), volume("20Gi", false)),
            null,
            0.9);
    assertEquals(List.of("c1", "c2"), r.clusters());
    assertEquals(ConnectionStatus.Connected, r.connection());
    assertEquals(new Quantity("200Gi"), r.capacity().totalPhysical);
    assertEquals(new Quantity("100Gi"), r.capacity().availablePhysical);
    assertEquals(new Quantity("200Gi"), r.capacity().total);
    assertEquals(new Quantity("170Gi"), r.capacity().available);
    assertTrue(r.physical().isTrue());
    assertEquals("50 % of the physical capacity is used (threshold 90 %)", r.physical().message());
    assertEquals("Enabled", r.ready().reason());
  }

  @Test
  void sharedStorageTakesOneConnectedHostsViewTimesTheOvercommit() {
    var r =
        PrimaryStorageRules.evaluate(
            ps(PrimaryStorageType.NFS),
            true,
            List.of(cluster("c1", 150, "ps"), cluster("c2", 120, "ps")),
            List.of(
                host("a", "c1", false, "999Gi", "1Gi"),
                host("b", "c1", true, "100Gi", "5Gi"),
                host("c", "c2", true, "100Gi", "5Gi")),
            List.of(),
            ConnectionStatus.Connected,
            0.9);
    assertEquals(new Quantity("100Gi"), r.capacity().totalPhysical);
    assertEquals(new Quantity("120Gi"), r.capacity().total, "the smallest ratio of its clusters");
    assertEquals("PhysicalThresholdExceeded", r.physical().reason());
    assertTrue(r.physical().message().startsWith("95 % of the physical capacity"));
  }

  @Test
  void connectionIsConnectingUntilFirstSeenThenDisconnected() {
    var neverSeen =
        PrimaryStorageRules.evaluate(
            ps(PrimaryStorageType.NFS),
            true,
            List.of(cluster("c1", null, "ps")),
            List.of(),
            List.of(),
            null,
            0.9);
    assertEquals(ConnectionStatus.Connecting, neverSeen.connection());
    assertNull(neverSeen.capacity());
    assertNull(neverSeen.physical());
    assertEquals("Connecting", neverSeen.ready().reason());
    var lost =
        PrimaryStorageRules.evaluate(
            ps(PrimaryStorageType.NFS),
            true,
            List.of(cluster("c1", null, "ps")),
            List.of(host("h", "c1", false, "10Gi", "5Gi")),
            List.of(),
            ConnectionStatus.Connected,
            0.9);
    assertEquals(ConnectionStatus.Disconnected, lost.connection());
    assertEquals("Disconnected", lost.ready().reason());
  }

  @Test
  void readyReportsZoneAttachmentAndState() {
    PrimaryStorage ps = ps(PrimaryStorageType.LocalStorage);
    List<Cluster> attached = List.of(cluster("c1", null, "ps"));
    List<Host> hosts = List.of(host("h", "c1", true, "10Gi", "5Gi"));
    assertEquals(
        "ZoneNotFound",
        PrimaryStorageRules.evaluate(ps, false, attached, hosts, List.of(), null, 0.9)
            .ready()
            .reason());
    assertEquals(
        "NotAttached",
        PrimaryStorageRules.evaluate(ps, true, List.of(), hosts, List.of(), null, 0.9)
            .ready()
            .reason());
    ps.getSpec().state = MaintainableState.Maintenance;
    assertEquals(
        "Maintenance",
        PrimaryStorageRules.evaluate(ps, true, attached, hosts, List.of(), null, 0.9)
            .ready()
            .reason());
    ps.getSpec().state = MaintainableState.Disabled;
    assertEquals(
        "Disabled",
        PrimaryStorageRules.evaluate(ps, true, attached, hosts, List.of(), null, 0.9)
            .ready()
            .reason());
  }

  @Test
  void backupStorageNeedsAConnectedServingHost() {
    assertEquals("NoHostServes", BackupStorageReconciler.verdict("10.0.0.5", List.of()).reason());
    Host down = host("h", "c1", false, "1Gi", "1Gi");
    assertEquals(
        "HostDisconnected", BackupStorageReconciler.verdict("10.0.0.5", List.of(down)).reason());
    assertNull(
        BackupStorageReconciler.verdict("10.0.0.5", List.of(host("h", "c1", true, "1", "1"))));
  }
}
