package dev.kumo.node.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.compute.v1alpha1.DomainState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Disk hot-plug, volume resize and snapshot trees on the simulator. */
class SimulatorVolumeOpsTest {
  private static final StoragePool PS = new StoragePool("ps", "LocalStorage", "/var/lib/kumo/ps");
  private static final long GI = 1L << 30;
  private static final DomainSpec.Disk ROOT =
      new DomainSpec.Disk("root", "/var/lib/kumo/ps/volumes/r.qcow2", 0, "vda");
  private static final DomainSpec.Disk DATA =
      new DomainSpec.Disk("data", "/var/lib/kumo/ps/volumes/d.qcow2", 1, "vdb");

  private static SimulatorDriver simulator() {
    return new SimulatorDriver(SimulatorDriver.Options.defaults("sim-0"));
  }

  private static DomainSpec domain(String uid) {
    return new DomainSpec(uid, "default", "vm", 1, GI, List.of(ROOT), List.of(), "vm", null);
  }

  @Test
  void disksArePluggedIntoAndUnpluggedFromARunningDomain() {
    SimulatorDriver sim = simulator();
    var compute = sim.compute();
    compute.define(domain("a"));
    compute.start("a");
    compute.attachDisk("a", DATA);
    compute.attachDisk("a", DATA);
    DomainInfo running = compute.get("a").orElseThrow();
    assertEquals(List.of(ROOT, DATA), running.spec().disks());
    assertEquals(DomainState.Running, running.state());
    DriverException taken =
        assertThrows(
            DriverException.class,
            () ->
                compute.attachDisk(
                    "a", new DomainSpec.Disk("other", "/var/lib/kumo/ps/o.qcow2", 1, "vdb")));
    assertEquals(DriverException.INVALID_STATE, taken.reason());
    compute.detachDisk("a", "data");
    compute.detachDisk("a", "data");
    assertEquals(List.of(ROOT), compute.get("a").orElseThrow().spec().disks());
    DriverException missing =
        assertThrows(DriverException.class, () -> compute.attachDisk("nope", DATA));
    assertEquals(DriverException.NOT_FOUND, missing.reason());
  }

  @Test
  void volumesGrowAndNeverShrink() {
    SimulatorDriver sim = simulator();
    var storage = sim.storage();
    storage.createEmpty(PS, "v", GI);
    assertEquals(2 * GI, storage.resize("v", 2 * GI).sizeBytes());
    assertEquals(2 * GI, storage.resize("v", 2 * GI).sizeBytes());
    assertEquals(2 * GI, storage.find("v").orElseThrow().sizeBytes());
    DriverException shrink = assertThrows(DriverException.class, () -> storage.resize("v", GI));
    assertEquals(DriverException.INVALID_STATE, shrink.reason());
    assertEquals(2 * GI, storage.find("v").orElseThrow().sizeBytes());
    DriverException missing = assertThrows(DriverException.class, () -> storage.resize("nope", GI));
    assertEquals(DriverException.NOT_FOUND, missing.reason());
  }

  @Test
  void snapshotsFormATreeThatRevertsBranchAndMerges() {
    SimulatorDriver sim = simulator();
    var storage = sim.storage();
    storage.createEmpty(PS, "v", GI);
    long before = storage.connect(PS).availableBytes();
    SnapshotFile s1 = storage.snapshot("v", "s1");
    assertNull(s1.parentUid());
    assertEquals(GI, s1.volumeSizeBytes());
    assertEquals("/var/lib/kumo/ps/snapshots/s1.qcow2", s1.installPath());
    assertEquals(s1, storage.snapshot("v", "s1"));
    assertEquals(Optional.of("s1"), storage.currentSnapshot("v"));
    assertTrue(storage.connect(PS).availableBytes() < before, "snapshots take room");

    storage.resize("v", 2 * GI);
    SnapshotFile s2 = storage.snapshot("v", "s2");
    assertEquals("s1", s2.parentUid());
    assertEquals(2 * GI, s2.volumeSizeBytes());

    VolumeFile reverted = storage.revert("v", "s1");
    assertEquals(GI, reverted.sizeBytes());
    assertEquals(Optional.of("s1"), storage.currentSnapshot("v"));
    SnapshotFile s3 = storage.snapshot("v", "s3");
    assertEquals("s1", s3.parentUid(), "a snapshot after a revert branches off the tree");

    storage.deleteSnapshot("s1");
    storage.deleteSnapshot("s1");
    Map<String, SnapshotFile> left =
        storage.listSnapshots().stream()
            .collect(Collectors.toMap(SnapshotFile::snapshotUid, Function.identity()));
    assertEquals(List.of("s2", "s3"), left.keySet().stream().sorted().toList());
    assertNull(left.get("s2").parentUid(), "children of a deleted snapshot merge its data");
    assertNull(left.get("s3").parentUid());
    assertEquals(Optional.of("s3"), storage.currentSnapshot("v"));
    storage.deleteSnapshot("s3");
    assertEquals(Optional.empty(), storage.currentSnapshot("v"));

    DriverException missing = assertThrows(DriverException.class, () -> storage.revert("v", "s3"));
    assertEquals(DriverException.NOT_FOUND, missing.reason());
    assertEquals(
        DriverException.NOT_FOUND,
        assertThrows(DriverException.class, () -> storage.snapshot("nope", "s9")).reason());
  }

  @Test
  void injectedFailuresLeaveSnapshotsAndDisksUntouched() {
    SimulatorDriver sim = simulator();
    sim.storage().createEmpty(PS, "v", GI);
    sim.compute().define(domain("a"));
    sim.setFailureRate(1);
    assertThrows(DriverException.class, () -> sim.storage().snapshot("v", "s1"));
    assertThrows(DriverException.class, () -> sim.storage().resize("v", 2 * GI));
    assertThrows(DriverException.class, () -> sim.compute().attachDisk("a", DATA));
    sim.setFailureRate(0);
    assertTrue(sim.storage().listSnapshots().isEmpty());
    assertEquals(GI, sim.storage().find("v").orElseThrow().sizeBytes());
    assertEquals(List.of(ROOT), sim.compute().get("a").orElseThrow().spec().disks());
  }
}
