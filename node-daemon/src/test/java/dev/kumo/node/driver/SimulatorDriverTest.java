package dev.kumo.node.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.compute.v1alpha1.DomainState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SimulatorDriverTest {
  private static final StoragePool PS = new StoragePool("ps", "LocalStorage", "/var/lib/kumo/ps");
  private static final StoragePool BS = new StoragePool("bs", "ImageStore", "/var/lib/kumo/bs/");

  private static DomainSpec domain(String uid) {
    return new DomainSpec(
        uid,
        "default",
        "vm-" + uid,
        2,
        1L << 30,
        List.of(new DomainSpec.Disk("root", "/var/lib/kumo/ps/volumes/r.qcow2", 0, "vda")),
        List.of(
            new DomainSpec.Nic(
                "eth0", "fa:16:3e:00:00:01", "10.1.0.5", 24, "10.1.0.1", "l3", 0, true)),
        "vm",
        null);
  }

  private static SimulatorDriver simulator() {
    return new SimulatorDriver(SimulatorDriver.Options.defaults("sim-0"));
  }

  @Test
  void factsComeFromTheOptions() {
    SimulatorDriver sim =
        new SimulatorDriver(
            SimulatorDriver.Options.defaults("sim-0").withHardware(8, 16L << 30, 100L << 30));
    assertEquals(8, sim.facts().cpuThreads);
    assertEquals(16L << 30, sim.facts().memory.getNumericalAmount().longValueExact());
    PoolStats stats = sim.storage().connect(PS);
    assertEquals(100L << 30, stats.totalBytes());
    assertEquals(100L << 30, stats.availableBytes());
  }

  @Test
  void domainLifecycleIsIdempotent() {
    SimulatorDriver sim = simulator();
    var compute = sim.compute();
    compute.define(domain("a"));
    compute.define(domain("a"));
    assertEquals(DomainState.Stopped, compute.get("a").orElseThrow().state());
    compute.start("a");
    compute.start("a");
    DomainInfo running = compute.get("a").orElseThrow();
    assertEquals(DomainState.Running, running.state());
    assertNotNull(running.vncPort());
    compute.pause("a");
    compute.pause("a");
    assertEquals(DomainState.Paused, compute.get("a").orElseThrow().state());
    assertThrows(DriverException.class, () -> compute.start("a"), "start of a paused domain");
    compute.resume("a");
    compute.resume("a");
    assertEquals(DomainState.Running, compute.get("a").orElseThrow().state());
    DriverException running2 = assertThrows(DriverException.class, () -> compute.undefine("a"));
    assertEquals(DriverException.INVALID_STATE, running2.reason());
    compute.stop("a");
    compute.stop("a");
    assertEquals(DomainState.Stopped, compute.get("a").orElseThrow().state());
    assertNull(compute.get("a").orElseThrow().vncPort());
    compute.destroy("a");
    compute.undefine("a");
    compute.undefine("a");
    compute.destroy("a");
    assertTrue(compute.get("a").isEmpty());
    DriverException absent = assertThrows(DriverException.class, () -> compute.start("a"));
    assertEquals(DriverException.NOT_FOUND, absent.reason());
  }

  @Test
  void crashedDomainsCanBeStartedAgain() {
    SimulatorDriver sim = simulator();
    sim.compute().define(domain("c"));
    sim.compute().start("c");
    sim.crash("c");
    assertEquals(DomainState.Crashed, sim.compute().get("c").orElseThrow().state());
    sim.compute().start("c");
    assertEquals(DomainState.Running, sim.compute().get("c").orElseThrow().state());
  }

  @Test
  void volumesAreThinAndIdempotent() {
    SimulatorDriver sim = simulator();
    var storage = sim.storage();
    VolumeFile empty = storage.createEmpty(PS, "v1", 10L << 30);
    assertEquals("/var/lib/kumo/ps/volumes/v1.qcow2", empty.installPath());
    assertEquals(10L << 30, empty.sizeBytes());
    assertEquals(SimulatorDriver.QCOW2_HEADER_BYTES, empty.actualSizeBytes());
    assertEquals(empty, storage.createEmpty(PS, "v1", 10L << 30));
    VolumeFile root =
        storage.createFromImage(PS, "v2", new ImageSource("img", "10.0.0.1", "/x", 8L << 30));
    assertEquals(8L << 30, root.sizeBytes());
    long available = storage.connect(PS).availableBytes();
    long expectedUsed = 2 * SimulatorDriver.QCOW2_HEADER_BYTES + sim.options().imageActualBytes();
    assertEquals(sim.options().storageBytes() - expectedUsed, available);
    assertEquals(2, storage.list().size());
    storage.delete(empty.installPath());
    storage.delete(empty.installPath());
    assertTrue(storage.find("v1").isEmpty());
    assertEquals(List.of(root), storage.list());
  }

  @Test
  void fullStorageRefusesVolumes() {
    SimulatorDriver sim =
        new SimulatorDriver(
            SimulatorDriver.Options.defaults("tiny").withHardware(1, 1L << 30, 300_000));
    sim.storage().createEmpty(PS, "v1", 1L << 30);
    DriverException full =
        assertThrows(DriverException.class, () -> sim.storage().createEmpty(PS, "v2", 1L << 30));
    assertEquals(DriverException.NO_SPACE, full.reason());
    assertTrue(sim.storage().find("v2").isEmpty());
  }

  @Test
  void imageDownloadReportsProgressAndVerifiesChecksums() {
    SimulatorDriver sim =
        new SimulatorDriver(
            SimulatorDriver.Options.defaults("sim-0").withLatency(Duration.ofMillis(50)));
    String url = "http://images.example/debian.qcow2";
    List<Integer> progress = new ArrayList<>();
    ImageFile file =
        sim.imageStore()
            .download(
                BS,
                new ImageDownload("i1", url, SimulatorDriver.checksumOf("md5", url), "qcow2"),
                progress::add);
    assertEquals(List.of(0, 20, 40, 60, 80, 100), progress);
    assertEquals("/var/lib/kumo/bs/images/i1.qcow2", file.installPath());
    assertEquals(SimulatorDriver.checksumOf("md5", url), file.checksum());
    assertEquals(List.of(file), sim.imageStore().list(BS));

    DriverException mismatch =
        assertThrows(
            DriverException.class,
            () ->
                sim.imageStore()
                    .download(
                        BS,
                        new ImageDownload("i2", url, "sha256:" + "0".repeat(64), "qcow2"),
                        p -> {}));
    assertEquals(DriverException.CHECKSUM_MISMATCH, mismatch.reason());
    assertFalse(mismatch.retryable());
    assertTrue(mismatch.getMessage().contains("expected sha256:000"), mismatch.getMessage());
    assertTrue(sim.imageStore().find(BS, "i2").isEmpty(), "no file after a mismatch");
    sim.imageStore().delete(BS, file.installPath());
    assertTrue(sim.imageStore().list(BS).isEmpty());
  }

  @Test
  void latencyDelaysMutatingCallsOnly() {
    SimulatorDriver sim = simulator();
    sim.setLatency(Duration.ofMillis(100));
    long started = System.nanoTime();
    sim.compute().define(domain("l"));
    long defineMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(defineMillis >= 100, "define took " + defineMillis + " ms");
    started = System.nanoTime();
    sim.compute().list();
    sim.compute().get("l");
    sim.facts();
    long readMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(readMillis < 50, "reads took " + readMillis + " ms");
  }

  @Test
  void injectedFailuresFollowTheRateAndChangeNothing() {
    SimulatorDriver sim =
        new SimulatorDriver(SimulatorDriver.Options.defaults("flaky").withFailures(0.3, 42));
    int failures = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        sim.compute().define(domain("d" + i));
      } catch (DriverException e) {
        failures++;
        assertEquals(DriverException.INJECTED, e.reason());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("define of domain d" + i), e.getMessage());
        assertTrue(e.getMessage().contains("flaky"), e.getMessage());
        assertTrue(sim.compute().get("d" + i).isEmpty(), "a failed define defines nothing");
      }
    }
    assertTrue(failures > 240 && failures < 360, failures + " failures out of 1000 at rate 0.3");
    assertEquals(1000 - failures, sim.compute().list().size());
    assertEquals(failures, sim.injectedFailures());
    assertEquals(1000, sim.mutations());

    // the same seed fails the same calls
    SimulatorDriver again =
        new SimulatorDriver(SimulatorDriver.Options.defaults("flaky").withFailures(0.3, 42));
    int againFailures = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        again.compute().define(domain("d" + i));
      } catch (DriverException e) {
        againFailures++;
      }
    }
    assertEquals(failures, againFailures);
    assertEquals(
        sim.compute().list().stream().map(DomainInfo::uid).sorted().toList(),
        again.compute().list().stream().map(DomainInfo::uid).sorted().toList());

    sim.setFailureRate(0);
    for (int i = 0; i < 100; i++) {
      sim.compute().define(domain("ok" + i));
    }
    assertThrows(IllegalArgumentException.class, () -> sim.setFailureRate(1.5));
  }

  @Test
  void killedHostFreezesUntilRevived() {
    SimulatorDriver sim = simulator();
    sim.compute().define(domain("k"));
    sim.compute().start("k");
    sim.kill();
    assertTrue(sim.isKilled());
    DriverException down = assertThrows(DriverException.class, () -> sim.compute().list());
    assertEquals(DriverException.HOST_DOWN, down.reason());
    assertThrows(DriverException.class, sim::facts);
    assertThrows(DriverException.class, () -> sim.compute().stop("k"));
    sim.revive();
    assertEquals(DomainState.Running, sim.compute().get("k").orElseThrow().state());
  }

  @Test
  void concurrentCallsKeepTheStateConsistent() throws Exception {
    SimulatorDriver sim = simulator();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String uid = "p" + i;
        futures.add(
            pool.submit(
                () -> {
                  sim.compute().define(domain(uid));
                  sim.compute().start(uid);
                  sim.storage().createEmpty(PS, uid, 1L << 30);
                  sim.network().plug(uid, domain(uid).nics().get(0));
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(200, sim.compute().list().size());
    assertEquals(200, sim.storage().list().size());
    assertEquals(200, sim.network().list().size());
    assertEquals(
        200,
        sim.compute().list().stream().map(DomainInfo::vncPort).distinct().count(),
        "every running domain has its own console port");
  }
}
