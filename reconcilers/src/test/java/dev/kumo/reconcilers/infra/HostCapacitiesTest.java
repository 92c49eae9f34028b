package dev.kumo.reconcilers.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.HostCapacity;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import dev.kumo.api.infra.v1alpha1.HostSpec;
import dev.kumo.reconcilers.scheduling.Allocatable;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCapacitiesTest {
  private static final long GI = 1024L * 1024 * 1024;

  static VmInstance vm(String host, VmState state, Integer cpu, String memory) {
    VmInstance vm = new VmInstance();
    vm.setMetadata(new ObjectMeta());
    vm.getMetadata().setName("vm-" + host + "-" + state + "-" + cpu);
    vm.setSpec(new VmInstanceSpec());
    vm.setStatus(new VmInstanceStatus());
    vm.getStatus().hostRef = host;
    vm.getStatus().state = state;
    vm.getStatus().cpu = cpu;
    vm.getStatus().memory = memory == null ? null : new Quantity(memory);
    return vm;
  }

  @Test
  void onlyVmsOnTheHostThatHoldCapacityCount() {
    VmInstance fromSpec = vm("h1", VmState.Starting, null, null);
    fromSpec.getSpec().cpu = 3;
    fromSpec.getSpec().memory = new Quantity("512Mi");
    List<VmInstance> vms =
        List.of(
            vm("h1", VmState.Running, 2, "1Gi"),
            vm("h1", VmState.Stopped, 8, "8Gi"),
            vm("h1", VmState.Destroyed, 8, "8Gi"),
            vm("h2", VmState.Running, 4, "4Gi"),
            fromSpec);
    HostCapacities.Used used = HostCapacities.used("h1", vms);
    assertEquals(5, used.cpu());
    assertEquals(GI + GI / 2, used.memoryBytes());
    assertEquals(4, HostCapacities.vmCount("h1", vms), "placed VMs whatever their state");
  }

  @Test
  void availableIsTotalMinusUsedAndNeverNegative() {
    HostFacts facts = new HostFacts();
    facts.memory = new Quantity("8Gi");
    HostCapacity c =
        HostCapacities.capacity(new Allocatable(40, 7 * GI), facts, new HostCapacities.Used(2, GI));
    assertEquals(40, c.totalCpu);
    assertEquals(38, c.availableCpu);
    assertEquals(new Quantity("7Gi"), c.totalMemory);
    assertEquals(new Quantity("6Gi"), c.availableMemory);
    assertEquals(new Quantity("8Gi"), c.totalPhysicalMemory);
    HostCapacity over =
        HostCapacities.capacity(new Allocatable(4, GI), null, new HostCapacities.Used(6, 2 * GI));
    assertEquals(0, over.availableCpu);
    assertEquals(new Quantity("0"), over.availableMemory);
    assertNull(over.totalPhysicalMemory);
  }

  @Test
  void readyNamesTheFirstProblem() {
    Host host = new Host();
    host.setSpec(new HostSpec());
    assertEquals(
        "ClusterNotFound",
        HostReconciler.ready(host, "c1", false, ConnectionStatus.Connected).reason());
    assertEquals(
        "Disconnected",
        HostReconciler.ready(host, "c1", true, ConnectionStatus.Disconnected).reason());
    assertEquals(
        "Connecting", HostReconciler.ready(host, "c1", true, ConnectionStatus.Connecting).reason());
    assertEquals(
        "Connected", HostReconciler.ready(host, "c1", true, ConnectionStatus.Connected).reason());
    host.getSpec().state = MaintainableState.Maintenance;
    assertEquals(
        "Maintenance", HostReconciler.ready(host, "c1", true, ConnectionStatus.Connected).reason());
    host.getSpec().state = MaintainableState.Disabled;
    assertEquals(
        "Disabled", HostReconciler.ready(host, "c1", true, ConnectionStatus.Connected).reason());
  }

  @Test
  void quantitiesUseTheLargestBinaryUnit() {
    assertEquals(new Quantity("3Gi"), Quantities.ofBytes(3 * GI));
    assertEquals(new Quantity("1536Mi"), Quantities.ofBytes(GI + GI / 2));
    assertEquals(new Quantity("1000"), Quantities.ofBytes(1000));
    assertEquals(3 * GI, Quantities.bytes(new Quantity("3Gi")));
    assertNull(Quantities.bytes(null));
  }
}
