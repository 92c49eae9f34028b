package dev.kumo.launcher;

import static dev.kumo.launcher.ControlPlane.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.node.driver.DomainInfo;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ZStack's host failure handling on the whole control plane, with a 3 s heartbeat lease: a node
 * daemon that stops heartbeating makes its Host Disconnected (with a Warning Event) and its VMs
 * Unknown (Ready=Unknown reason HostDisconnected) while the other hosts' VMs run on; when it comes
 * back the host is Connected again and its VMs are Running as the daemon reports them. A domain
 * that crashes shows as the daemon reports it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostFailureIT {
  private static final String NS = "failure";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> ON_HOST_2 = List.of("vm-a", "vm-b");

  private static ControlPlane plane;

  @BeforeAll
  static void start() throws Exception {
    plane = new ControlPlane(3, NS, Duration.ofSeconds(3), Duration.ofSeconds(2));
    for (String name : ON_HOST_2) {
      plane.client.resource(pinned(name, "host-2")).create();
    }
    plane.client.resource(pinned("vm-c", "host-3")).create();
    await(
        "3 VMs Ready",
        WAIT,
        () -> List.of("vm-a", "vm-b", "vm-c").stream().allMatch(n -> plane.vmReady(NS, n)));
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  private static VmInstance pinned(String name, String host) {
    VmInstance vm = ControlPlane.vm(NS, name, "private-l3");
    vm.getSpec().placement = new Placement();
    vm.getSpec().placement.hostRef = host;
    return vm;
  }

  @Test
  @Order(1)
  void aSilentHostIsDisconnectedAndItsVmsUnknown() throws Exception {
    assertEquals("host-2", vm("vm-a").getStatus().hostRef);
    plane.fleet.kill("host-2");

    await(
        "host-2 Disconnected",
        Duration.ofSeconds(15),
        () -> host("host-2").getStatus().connection == ConnectionStatus.Disconnected,
        () -> host("host-2").getStatus().conditions);
    Condition connected =
        Conditions.find(host("host-2").getStatus().conditions, ConditionTypes.CONNECTED)
            .orElseThrow();
    assertEquals(ConditionStatus.False, connected.status);
    assertEquals(ConditionStatus.False, ready(host("host-2").getStatus().conditions).status);
    await(
        "a Warning Event Disconnected about host-2",
        WAIT,
        () -> !plane.events(host("host-2"), "Disconnected").isEmpty());
    Event disconnected = plane.events(host("host-2"), "Disconnected").get(0);
    assertEquals("Warning", disconnected.getType());

    await(
        "host-2's VMs Unknown",
        WAIT,
        () ->
            ON_HOST_2.stream()
                .allMatch(
                    n ->
                        vm(n).getStatus().state == VmState.Unknown
                            && "HostDisconnected"
                                .equals(ready(vm(n).getStatus().conditions).reason)),
        () -> ON_HOST_2.stream().map(n -> vm(n).getStatus().conditions).toList());
    for (String n : ON_HOST_2) {
      assertEquals(ConditionStatus.Unknown, ready(vm(n).getStatus().conditions).status, n);
    }
    assertEquals(ConnectionStatus.Connected, host("host-3").getStatus().connection);
    assertEquals(VmState.Running, vm("vm-c").getStatus().state, "other hosts' VMs run on");
    assertTrue(plane.vmReady(NS, "vm-c"));
  }

  @Test
  @Order(2)
  void theHostComesBackAndItsVmsRunAsReported() throws Exception {
    plane.fleet.start("host-2");

    await(
        "host-2 Connected again",
        WAIT,
        () -> host("host-2").getStatus().connection == ConnectionStatus.Connected);
    await(
        "a Normal Event Connected about host-2 after the Disconnected one",
        WAIT,
        () ->
            plane.events(host("host-2"), "Connected").stream()
                .anyMatch(
                    e ->
                        e.getLastTimestamp()
                                .compareTo(
                                    plane
                                        .events(host("host-2"), "Disconnected")
                                        .get(0)
                                        .getLastTimestamp())
                            >= 0));
    await(
        "host-2's VMs Running and Ready",
        WAIT,
        () ->
            ON_HOST_2.stream()
                .allMatch(n -> vm(n).getStatus().state == VmState.Running && plane.vmReady(NS, n)),
        () -> ON_HOST_2.stream().map(n -> vm(n).getStatus().conditions).toList());
    for (String n : ON_HOST_2) {
      VmInstance vm = vm(n);
      assertEquals("host-2", vm.getStatus().hostRef, n + " stays on its host");
      assertEquals(DomainState.Running, vm.getStatus().runtime.domainState, n);
      assertEquals("host-2", vm.getStatus().runtime.hostRef, n);
      assertEquals(
          DomainState.Running,
          plane
              .fleet
              .driver("host-2")
              .compute()
              .get(vm.getMetadata().getUid())
              .map(DomainInfo::state)
              .orElse(null),
          n + "'s domain kept running on the simulated host");
    }
  }

  @Test
  @Order(3)
  void aCrashedDomainShowsAsReported() throws Exception {
    VmInstance vm = vm("vm-c");
    plane.fleet.driver("host-3").crash(vm.getMetadata().getUid());

    await(
        "vm-c reported Crashed",
        WAIT,
        () -> vm("vm-c").getStatus().runtime.domainState == DomainState.Crashed,
        () -> vm("vm-c").getStatus());
    await(
        "vm-c Stopped, Ready=False reason Crashed",
        WAIT,
        () -> "Crashed".equals(ready(vm("vm-c").getStatus().conditions).reason),
        () -> vm("vm-c").getStatus().conditions);
    VmInstance crashed = vm("vm-c");
    assertEquals(VmState.Stopped, crashed.getStatus().state);
    assertEquals(ConditionStatus.False, ready(crashed.getStatus().conditions).status);
    assertEquals(VmState.Running, vm("vm-a").getStatus().state, "the other VMs are untouched");
  }

  private static Condition ready(List<Condition> conditions) {
    return Conditions.find(conditions, ConditionTypes.READY).orElseThrow();
  }

  private static VmInstance vm(String name) {
    return plane.client.resources(VmInstance.class).inNamespace(NS).withName(name).get();
  }

  private static Host host(String name) {
    return plane.client.resources(Host.class).withName(name).get();
  }
}
