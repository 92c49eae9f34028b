package dev.kumo.reconcilers.scheduling;

import static dev.kumo.reconcilers.scheduling.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import dev.kumo.api.infra.v1alpha1.Overcommit;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityModelTest {
  private final Cluster cluster = Fixtures.cluster("c1", "z1", List.of(), List.of());

  @Test
  void defaultsAreTenVcpusPerThreadAndPhysicalMemoryMinusOneGib() {
    Host h = Fixtures.host("h1", "c1", 8, 32);
    Allocatable a = CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).orElseThrow();
    assertEquals(80, a.cpu());
    assertEquals(31 * GIB, a.memoryBytes());
  }

  @Test
  void clusterOvercommitOverridesDefaults() {
    cluster.getSpec().overcommit = new Overcommit();
    cluster.getSpec().overcommit.cpuRatio = 4;
    cluster.getSpec().overcommit.memoryPercent = 150;
    Host h = Fixtures.host("h1", "c1", 8, 32);
    Allocatable a = CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).orElseThrow();
    assertEquals(32, a.cpu());
    assertEquals(48 * GIB - GIB, a.memoryBytes());
  }

  @Test
  void hostReserveOverridesDefaults() {
    Host h = Fixtures.host("h1", "c1", 2, 8);
    h.getSpec().reservedCpu = 5;
    h.getSpec().reservedMemory = new Quantity("512Mi");
    Allocatable a = CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).orElseThrow();
    assertEquals(15, a.cpu());
    assertEquals(8 * GIB - GIB / 2, a.memoryBytes());
  }

  @Test
  void globalConfigIsUsedWithoutOverrides() {
    SchedulerConfig cfg = new SchedulerConfig(2, 200, 1, 2 * GIB, 0.9);
    Host h = Fixtures.host("h1", "c1", 4, 4);
    Allocatable a = CapacityModel.allocatable(h, null, cfg).orElseThrow();
    assertEquals(7, a.cpu());
    assertEquals(6 * GIB, a.memoryBytes());
  }

  @Test
  void reserveLargerThanHostGivesZeroNotNegative() {
    Host h = Fixtures.host("h1", "c1", 1, 1);
    h.getSpec().reservedCpu = 100;
    h.getSpec().reservedMemory = new Quantity("4Gi");
    Allocatable a = CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).orElseThrow();
    assertEquals(0, a.cpu());
    assertEquals(0, a.memoryBytes());
  }

  @Test
  void fallsBackToReportedCapacityWithoutFacts() {
    Host h = Fixtures.host("h1", "c1", 1, 1);
    h.getStatus().facts = null;
    h.getStatus().capacity = new HostCapacity();
    h.getStatus().capacity.totalCpu = 12;
    h.getStatus().capacity.totalMemory = new Quantity("3Gi");
    Allocatable a = CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).orElseThrow();
    assertEquals(new Allocatable(12, 3 * GIB), a);
  }

  @Test
  void unknownWithoutFactsOrCapacity() {
    Host h = Fixtures.host("h1", "c1", 1, 1);
    h.getStatus().facts = null;
    assertTrue(CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).isEmpty());
    h.setStatus(null);
    assertTrue(CapacityModel.allocatable(h, cluster, SchedulerConfig.DEFAULTS).isEmpty());
    assertTrue(CapacityModel.allocatable(null, cluster, SchedulerConfig.DEFAULTS).isEmpty());
  }

  @Test
  void arithmeticNeverOverflows() {
    assertEquals(Long.MAX_VALUE - 1, CapacityModel.memory(Long.MAX_VALUE, 1000, 1));
    assertEquals(Integer.MAX_VALUE, CapacityModel.cpu(Integer.MAX_VALUE, 100, 0));
    assertEquals(0, CapacityModel.cpu(-3, 10, 0));
  }

  @Test
  void invalidConfigIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SchedulerConfig(0, 100, 0, 0, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new SchedulerConfig(10, 100, -1, 0, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new SchedulerConfig(10, 100, 0, 0, 1.5));
  }
}
