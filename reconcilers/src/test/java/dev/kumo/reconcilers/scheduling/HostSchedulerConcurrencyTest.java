package dev.kumo.reconcilers.scheduling;

import static dev.kumo.reconcilers.scheduling.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.AffinityPolicy;
import dev.kumo.api.compute.v1alpha1.AllocatorMode;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many schedulers sharing one ledger never over-book a host. */
class HostSchedulerConcurrencyTest {
  private static final int THREADS = 16;
  private static final int VMS = 1000;

  /** 10 hosts of 2 threads (20 vCPUs) and 16 GiB (15 GiB allocatable). */
  private static Inventory cloud() {
    Inventory base = Fixtures.cloud(0);
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      hosts.add(Fixtures.host(String.format("h%02d", i), "c1", 2, 16));
    }
    return new Inventory(
        base.zones(),
        base.clusters(),
        hosts,
        base.primaryStorages(),
        base.l3Networks(),
        null,
        null);
  }

  private static <T> List<T> runAll(int threads, List<java.util.concurrent.Callable<T>> tasks)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (var t : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return t.call();
                }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertWithinCapacity(CapacityLedger ledger, Inventory inv) {
    for (Host h : inv.hosts()) {
      Allocatable limit =
          CapacityModel.allocatable(h, inv.clusters().get("c1"), inv.config()).orElseThrow();
      CapacityLedger.HostUsage u = ledger.usage(h.getMetadata().getName());
      assertTrue(u.cpu() <= limit.cpu(), h.getMetadata().getName() + " cpu " + u);
      assertTrue(u.memoryBytes() <= limit.memoryBytes(), h.getMetadata().getName() + " mem " + u);
    }
  }

  @Test
  void sixteenThreadsScheduleAThousandVmsWithoutOverbooking() throws Exception {
    Inventory inv = cloud();
    CapacityLedger ledger = new CapacityLedger();
    Random rnd = new Random(42);
    List<java.util.concurrent.Callable<ScheduleResult>> tasks = new ArrayList<>();
    for (int i = 0; i < VMS; i++) {
      VmInstance vm = Fixtures.vm("vm" + i, 1 + rnd.nextInt(3), 1 + rnd.nextInt(2), "l3a");
      tasks.add(() -> new HostScheduler(ledger).schedule(vm, null, null, 0, null, inv));
    }
    List<ScheduleResult> results = runAll(THREADS, tasks);

    assertWithinCapacity(ledger, inv);
    Map<String, int[]> cpuByHost = new HashMap<>();
    Map<String, long[]> memByHost = new HashMap<>();
    int scheduled = 0;
    int noCapacity = 0;
    for (ScheduleResult r : results) {
      if (r instanceof ScheduleResult.Scheduled s) {
        scheduled++;
        cpuByHost.computeIfAbsent(s.host(), h -> new int[1])[0] += s.reservation().cpu();
        memByHost.computeIfAbsent(s.host(), h -> new long[1])[0] += s.reservation().memoryBytes();
      } else {
        assertEquals(ScheduleResult.NO_CAPACITY, r.reason(), r.message());
        assertTrue(r.message().startsWith("0/10 hosts available: "), r.message());
        noCapacity++;
      }
    }
    assertEquals(VMS, scheduled + noCapacity);
    assertEquals(scheduled, ledger.size(), "every success holds exactly one reservation");
    for (var e : ledger.usageByHost().entrySet()) {
      assertEquals(cpuByHost.get(e.getKey())[0], e.getValue().cpu());
      assertEquals(memByHost.get(e.getKey())[0], e.getValue().memoryBytes());
    }
    // 200 vCPUs and 150 GiB for ~2000 vCPUs of demand: the cloud is full, not half used.
    int usedCpu = ledger.usageByHost().values().stream().mapToInt(u -> u.cpu()).sum();
    long usedMem = ledger.usageByHost().values().stream().mapToLong(u -> u.memoryBytes()).sum();
    assertTrue(usedCpu >= 190 || usedMem >= 145 * GIB, "cpu " + usedCpu + " mem " + usedMem);
    assertTrue(noCapacity > 0);
  }

  @Test
  void concurrentReleasesAndReschedulesKeepTheLedgerConsistent() throws Exception {
    Inventory inv = cloud();
    CapacityLedger ledger = new CapacityLedger();
    Map<String, ScheduleResult.Scheduled> live = new ConcurrentHashMap<>();
    List<java.util.concurrent.Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = t;
      tasks.add(
          () -> {
            Random rnd = new Random(seed);
            HostScheduler s = new HostScheduler(ledger);
            for (int i = 0; i < 200; i++) {
              VmInstance vm =
                  Fixtures.vm("t" + seed + "-" + i, 1 + rnd.nextInt(4), 1 + rnd.nextInt(3));
              if (s.schedule(vm, null, null, 0, null, inv) instanceof ScheduleResult.Scheduled ok) {
                live.put(ok.reservation().vmKey(), ok);
                if (rnd.nextInt(3) == 0) {
                  ledger.bind(ok.reservation().vmKey());
                }
              }
              if (rnd.nextBoolean()) {
                String victim = "ns/t" + seed + "-" + rnd.nextInt(i + 1);
                if (ledger.release(victim).isPresent()) {
                  live.remove(victim);
                }
              }
              assertWithinCapacity(ledger, inv);
            }
            return 0;
          });
    }
    runAll(THREADS, tasks);
    assertWithinCapacity(ledger, inv);
    assertEquals(live.size(), ledger.size());
    // A leader restart rebuilds the same usage from the VMs' status.
    List<VmInstance> statuses = new ArrayList<>();
    for (ScheduleResult.Scheduled s : live.values()) {
      Reservation r = s.reservation();
      VmInstance vm =
          Fixtures.placed(r.vmKey().substring(3), r.host(), VmState.Running, r.cpu(), 1);
      vm.getStatus().memory =
          new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(r.memoryBytes()));
      statuses.add(vm);
    }
    assertEquals(ledger.usageByHost(), CapacityLedger.rebuild(statuses).usageByHost());
  }

  @Test
  void concurrentHardAntiAffinityPlacesOneMemberPerHost() throws Exception {
    Inventory inv = cloud();
    CapacityLedger ledger = new CapacityLedger();
    AffinityGroup g = Fixtures.group("g", AffinityPolicy.AntiAffinity, AllocatorMode.Hard);
    AtomicInteger refused = new AtomicInteger();
    List<java.util.concurrent.Callable<ScheduleResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      VmInstance vm = Fixtures.vm("m" + i, 1, 1);
      vm.getSpec().affinityGroupRef = "g";
      tasks.add(
          () -> {
            ScheduleResult r = new HostScheduler(ledger).schedule(vm, null, g, 0, null, inv);
            if (r instanceof ScheduleResult.Unschedulable) {
              refused.incrementAndGet();
            }
            return r;
          });
    }
    runAll(THREADS, tasks);
    Map<String, Integer> placement = ledger.groupPlacement("ns/g");
    assertEquals(10, placement.size());
    placement.values().forEach(n -> assertEquals(1, n));
    assertEquals(54, refused.get());
  }

  @Test
  void concurrentMaxInstancePerHostIsNeverExceeded() throws Exception {
    Inventory inv = cloud();
    CapacityLedger ledger = new CapacityLedger();
    var o =
        Fixtures.offering(
            "o", 1, 1, dev.kumo.api.compute.v1alpha1.AllocatorStrategy.MaxInstancePerHost, null, 3);
    List<java.util.concurrent.Callable<ScheduleResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      VmInstance vm = Fixtures.vm("m" + i, 1, 1);
      vm.getSpec().instanceOfferingRef = "o";
      vm.getSpec().cpu = null;
      vm.getSpec().memory = null;
      tasks.add(() -> new HostScheduler(ledger).schedule(vm, o, null, 0, null, inv));
    }
    runAll(THREADS, tasks);
    assertEquals(30, ledger.size());
    ledger.usageByHost().values().forEach(u -> assertEquals(3, u.vms()));
  }
}
