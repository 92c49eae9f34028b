package dev.kumo.reconcilers.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmRuntime;
import dev.kumo.api.compute.v1alpha1.VmState;
import org.junit.jupiter.api.Test;

class VmStatesTest {
  private static VmRuntime rt(String host, DomainState s, long gen) {
    VmRuntime r = new VmRuntime();
    r.hostRef = host;
    r.domainState = s;
    r.observedGeneration = gen;
    return r;
  }

  @Test
  void runningDomainOnItsHostIsReady() {
    var v = VmStates.derive(PowerState.Running, rt("h1", DomainState.Running, 1), "h1", true, 1);
    assertEquals(VmState.Running, v.state());
    assertEquals(ConditionStatus.True, v.ready());
  }

  @Test
  void nullDesiredMeansRunning() {
    var v = VmStates.derive(null, rt("h1", DomainState.Running, 1), "h1", true, 1);
    assertEquals(ConditionStatus.True, v.ready());
  }

  @Test
  void disconnectedHostMakesTheStateUnknownWhateverWasReported() {
    var v = VmStates.derive(PowerState.Running, rt("h1", DomainState.Running, 1), "h1", false, 1);
    assertEquals(VmState.Unknown, v.state());
    assertEquals(ConditionStatus.Unknown, v.ready());
    assertEquals("HostDisconnected", v.reason());
  }

  @Test
  void aReportFromAnotherHostIsIgnored() {
    var v = VmStates.derive(PowerState.Running, rt("old", DomainState.Running, 1), "h1", true, 1);
    assertEquals(VmState.Starting, v.state());
    assertEquals("WaitingForHost", v.reason());
  }

  @Test
  void aReportForAnOlderGenerationIsNotReadyYet() {
    var v = VmStates.derive(PowerState.Stopped, rt("h1", DomainState.Stopped, 1), "h1", true, 2);
    assertEquals(VmState.Stopped, v.state());
    assertEquals(ConditionStatus.False, v.ready());
  }

  @Test
  void stoppingAndPausingAreTransitions() {
    assertEquals(
        VmState.Stopping,
        VmStates.derive(PowerState.Stopped, rt("h1", DomainState.Running, 2), "h1", true, 2)
            .state());
    assertEquals(
        VmState.Pausing,
        VmStates.derive(PowerState.Paused, rt("h1", DomainState.Running, 2), "h1", true, 2)
            .state());
    assertEquals(
        VmState.Resuming,
        VmStates.derive(PowerState.Running, rt("h1", DomainState.Paused, 2), "h1", true, 2)
            .state());
    var paused = VmStates.derive(PowerState.Paused, rt("h1", DomainState.Paused, 2), "h1", true, 2);
    assertEquals(VmState.Paused, paused.state());
    assertEquals(ConditionStatus.True, paused.ready());
  }

  @Test
  void absentDomainSatisfiesStopped() {
    var v = VmStates.derive(PowerState.Stopped, rt("h1", DomainState.Absent, 3), "h1", true, 3);
    assertEquals(VmState.Stopped, v.state());
    assertEquals(ConditionStatus.True, v.ready());
  }

  @Test
  void crashedVmThatShouldRunIsStoppedAndNotReady() {
    VmRuntime r = rt("h1", DomainState.Crashed, 1);
    r.message = "qemu exited";
    var v = VmStates.derive(PowerState.Running, r, "h1", true, 1);
    assertEquals(VmState.Stopped, v.state());
    assertEquals("Crashed", v.reason());
    assertEquals("the VM stopped without being asked to: qemu exited", v.message());
  }

  @Test
  void hypervisorFailureIsAnErrorWithTheNodeDaemonsReason() {
    VmRuntime r = rt("h1", DomainState.Failed, 1);
    r.reason = "StartFailed";
    r.message = "no such file";
    var v = VmStates.derive(PowerState.Running, r, "h1", true, 1);
    assertEquals(VmState.Error, v.state());
    assertEquals("StartFailed", v.reason());
    assertEquals("no such file", v.message());
  }

  @Test
  void anEvictedVmIsNeverReadyButAnUnknownOneStaysUnknown() {
    var stopped =
        VmStates.derive(PowerState.Stopped, rt("h1", DomainState.Stopped, 1), "h1", true, 1);
    var v = VmStates.evicted(stopped, "HostMaintenance", "host h1 is in Maintenance");
    assertEquals(VmState.Stopped, v.state());
    assertEquals(ConditionStatus.False, v.ready());
    assertEquals("HostMaintenance", v.reason());
    var unknown = VmStates.derive(PowerState.Stopped, null, "h1", false, 1);
    assertEquals(unknown, VmStates.evicted(unknown, "HostMaintenance", "x"));
  }
}
