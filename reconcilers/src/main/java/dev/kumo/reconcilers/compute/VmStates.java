package dev.kumo.reconcilers.compute;

import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmRuntime;
import dev.kumo.api.compute.v1alpha1.VmState;

/**
 * Derives a placed VM's printable state and its Ready condition from the desired power state, the
 * node daemon's runtime report and the host's connection — ZStack's VM state machine read
 * declaratively: Ready means "the VM is in the power state its spec asks for".
 */
public final class VmStates {
  private VmStates() {}

  /**
   * The derived view.
   *
   * @param state the printable state
   * @param ready the Ready condition's status
   * @param reason the Ready condition's reason
   * @param message the Ready condition's message
   */
  public record View(VmState state, ConditionStatus ready, String reason, String message) {}

  /**
   * The state of a VM that is placed on {@code host} and whose allocations are complete.
   *
   * @param desired spec.state (Running when null)
   * @param runtime the node daemon's report, or null
   * @param host status.hostRef
   * @param hostConnected whether the host's node daemon is heard from
   * @param generation the VM's metadata.generation
   */
  public static View derive(
      PowerState desired, VmRuntime runtime, String host, boolean hostConnected, long generation) {
    PowerState want = desired == null ? PowerState.Running : desired;
    if (!hostConnected) {
      return new View(
          VmState.Unknown,
          ConditionStatus.Unknown,
          "HostDisconnected",
          "host " + host + " is not connected; the VM's state is unknown");
    }
    DomainState ds = runtime != null && host.equals(runtime.hostRef) ? runtime.domainState : null;
    if (ds == null) {
      return new View(
          want == PowerState.Stopped ? VmState.Created : VmState.Starting,
          ConditionStatus.False,
          "WaitingForHost",
          "waiting for the node daemon of host " + host);
    }
    if (ds == DomainState.Failed) {
      return new View(
          VmState.Error,
          ConditionStatus.False,
          runtime.reason == null ? "HypervisorFailed" : runtime.reason,
          runtime.message == null ? "the hypervisor failed" : runtime.message);
    }
    boolean current =
        runtime.observedGeneration == null || runtime.observedGeneration >= generation;
    return switch (want) {
      case Running ->
          switch (ds) {
            case Running -> current ? ready(VmState.Running) : pending(VmState.Running, want);
            case Paused -> pending(VmState.Resuming, want);
            case Crashed ->
                new View(
                    VmState.Stopped,
                    ConditionStatus.False,
                    "Crashed",
                    "the VM stopped without being asked to"
                        + (runtime.message == null ? "" : ": " + runtime.message));
            default -> pending(VmState.Starting, want);
          };
      case Stopped ->
          switch (ds) {
            case Stopped, Absent, Crashed ->
                current ? ready(VmState.Stopped) : pending(VmState.Stopped, want);
            default -> pending(VmState.Stopping, want);
          };
      case Paused ->
          switch (ds) {
            case Paused -> current ? ready(VmState.Paused) : pending(VmState.Paused, want);
            case Running -> pending(VmState.Pausing, want);
            default -> pending(VmState.Starting, want);
          };
    };
  }

  /**
   * The view of a VM its host cannot keep running (Maintenance, deletion), derived for a stopped
   * VM: never Ready, with the host's reason.
   */
  public static View evicted(View stopped, String reason, String message) {
    if (stopped.ready() == ConditionStatus.Unknown) {
      return stopped;
    }
    return new View(stopped.state(), ConditionStatus.False, reason, message);
  }

  /**
   * A running VM whose reboot request ({@code compute.kumo.dev/reboot-requested}) the node daemon
   * has not carried out yet is Rebooting.
   */
  public static View rebooting(View view, String requested, VmRuntime runtime, String host) {
    String done = runtime == null || !host.equals(runtime.hostRef) ? null : runtime.rebootToken;
    if (view.state() != VmState.Running || requested == null || requested.equals(done)) {
      return view;
    }
    return new View(
        VmState.Rebooting, ConditionStatus.False, "Rebooting", "reboot requested: " + requested);
  }

  private static View ready(VmState state) {
    return new View(state, ConditionStatus.True, state.name(), "the VM is " + state);
  }

  private static View pending(VmState state, PowerState want) {
    return new View(
        state, ConditionStatus.False, state.name(), "the VM is " + state + "; wanted " + want);
  }
}
