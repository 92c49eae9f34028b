package dev.kumo.node;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.HaLevel;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus;
import dev.kumo.api.compute.v1alpha1.VmRuntime;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.DomainSpec;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.NicAttachment;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realises the VMs placed on this host as domains (DESIGN §4 step 5): acts once status.hostRef is
 * this host and IpsAllocated and VolumesReady are True; adds {@link Finalizers#DOMAIN} before
 * defining; plugs the NICs, defines the domain and drives it to spec.state, hot-plugging the disks
 * of volumes attached to or detached from a running domain; reports only status.runtime and
 * status.console. A VM being deleted, or placed elsewhere, loses its domain first and its finalizer
 * after. Every driver call is made only when the host differs from the spec, so a converged VM
 * costs no driver writes.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
final class VmReconciler implements Reconciler<VmInstance> {
  private static final Logger LOG = LoggerFactory.getLogger(VmReconciler.class);
  private static final Duration WAIT_FOR_VOLUMES = Duration.ofSeconds(1);

  private final NodeContext node;

  VmReconciler(NodeContext node) {
    this.node = node;
  }

  @Override
  public UpdateControl<VmInstance> reconcile(VmInstance vm, Context<VmInstance> context) {
    if (!node.alive()) {
      return UpdateControl.noUpdate();
    }
    String uid = vm.getMetadata().getUid();
    if (context.isPrimaryResourceDeleted()) {
      // Gone from this host's view: deleted, or relabelled for another host.
      VmInstance fresh =
          node.client
              .resources(VmInstance.class)
              .inNamespace(vm.getMetadata().getNamespace())
              .withName(vm.getMetadata().getName())
              .get();
      if (fresh != null && !uid.equals(fresh.getMetadata().getUid())) {
        fresh = null;
      }
      return release(fresh, uid);
    }
    VmInstanceStatus status = vm.getStatus();
    if (vm.isMarkedForDeletion() || status == null || !node.host().equals(status.hostRef)) {
      return release(vm, uid);
    }
    long generation = Objects.requireNonNullElse(vm.getMetadata().getGeneration(), 0L);
    Optional<DomainInfo> existing;
    try {
      existing = node.driver.compute().get(uid);
    } catch (DriverException e) {
      return failed(vm, generation, "Inspect", e);
    }
    boolean prepared =
        Conditions.isTrue(status.conditions, ConditionTypes.IPS_ALLOCATED)
            && Conditions.isTrue(status.conditions, ConditionTypes.VOLUMES_READY);
    if (!prepared) {
      // Not ready for a domain yet (or no longer): report what exists, create nothing.
      existing.ifPresent(d -> report(vm, generation, d.state(), d.vncPort(), null, null));
      return UpdateControl.noUpdate();
    }
    DomainSpec spec = desired(vm);
    if (spec == null) {
      return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(WAIT_FOR_VOLUMES);
    }
    VmInstance current = node.addFinalizer(vm, Finalizers.DOMAIN);
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    String[] step = {"Define"};
    try {
      converge(current, generation, spec, existing.orElse(null), step);
      node.succeeded(uid);
      DomainInfo now = node.driver.compute().get(uid).orElse(null);
      if (now == null) {
        report(current, generation, DomainState.Absent, null, null, null);
      } else {
        report(current, generation, now.state(), now.vncPort(), null, null);
      }
      return UpdateControl.noUpdate();
    } catch (DriverException e) {
      return failed(current, generation, step[0], e);
    }
  }

  /** Drives the domain from what the host has to what the VM asks for. */
  private void converge(
      VmInstance vm, long generation, DomainSpec spec, DomainInfo domain, String[] step) {
    String uid = spec.uid();
    var compute = node.driver.compute();
    step[0] = "PlugNic";
    plugNics(uid, spec.nics());
    if (domain == null) {
      step[0] = "Define";
      try {
        compute.define(spec);
      } catch (DriverException e) {
        undoDefine(uid);
        throw e;
      }
      domain = compute.get(uid).orElseThrow(() -> missing(uid));
    } else if ((domain.state() == DomainState.Running || domain.state() == DomainState.Paused)
        && !domain.spec().disks().equals(spec.disks())) {
      hotplugDisks(uid, domain.spec().disks(), spec.disks(), step);
      domain = compute.get(uid).orElseThrow(() -> missing(uid));
    } else if (!domain.spec().equals(spec)
        && (domain.state() == DomainState.Stopped || domain.state() == DomainState.Crashed)) {
      step[0] = "Define";
      compute.define(spec);
    }
    DomainState state = domain.state();
    if (state == DomainState.Crashed
        && crashSeen(vm, generation)
        && vm.getSpec().haLevel != HaLevel.NeverStop) {
      // It crashed after reaching this generation's state: report it and leave it stopped (a
      // NeverStop VM is started again below, ZStack's HA on the same host).
      return;
    }
    PowerState wanted = Objects.requireNonNullElse(vm.getSpec().state, PowerState.Running);
    if (vm.getStatus() != null
        && Conditions.isTrue(vm.getStatus().conditions, ConditionTypes.EVICTED)) {
      // The host is in Maintenance or going away: the VM stops whatever its spec says.
      wanted = PowerState.Stopped;
    }
    switch (wanted) {
      case Running -> {
        if (state == DomainState.Paused) {
          step[0] = "Resume";
          compute.resume(uid);
        } else if (state == DomainState.Running && rebootPending(vm)) {
          // An explicit reboot request (the annotation changed): ZStack's RebootVm.
          step[0] = "Reboot";
          compute.stop(uid);
          if (!domain.spec().equals(spec)) {
            compute.define(spec); // a changed size or NIC set applies at the restart
          }
          compute.start(uid);
        } else if (state != DomainState.Running) {
          step[0] = "Start";
          compute.start(uid);
        }
      }
      case Stopped -> {
        if (state != DomainState.Stopped) {
          step[0] = "Stop";
          compute.stop(uid);
        }
      }
      case Paused -> {
        if (state != DomainState.Running && state != DomainState.Paused) {
          step[0] = "Start";
          compute.start(uid);
          state = DomainState.Running;
        }
        if (state == DomainState.Running) {
          step[0] = "Pause";
          compute.pause(uid);
        }
      }
    }
  }

  /**
   * Unplugs the disks a running domain has but the VM no longer lists (a detached volume, or one
   * whose device moved), then plugs the ones it lacks (an attached volume), as kvmagent's
   * /vm/detachdatavolume and /vm/attachdatavolume do.
   */
  private void hotplugDisks(
      String uid, List<DomainSpec.Disk> have, List<DomainSpec.Disk> want, String[] step) {
    var compute = node.driver.compute();
    for (DomainSpec.Disk disk : have) {
      if (!want.contains(disk)) {
        step[0] = "DetachDisk";
        compute.detachDisk(uid, disk.volume());
      }
    }
    for (DomainSpec.Disk disk : want) {
      if (!have.contains(disk)) {
        step[0] = "AttachDisk";
        compute.attachDisk(uid, disk);
      }
    }
  }

  private static DriverException missing(String uid) {
    return new DriverException(
        DriverException.FAILED, "domain " + uid + " is not listed right after it was defined");
  }

  /** A domain that failed to be defined is removed again, so nothing half-made stays behind. */
  private void undoDefine(String uid) {
    try {
      node.driver.compute().undefine(uid);
    } catch (DriverException e) {
      LOG.debug("undoing the definition of domain {} failed too: {}", uid, e.getMessage());
    }
  }

  /**
   * Whether the domain crashed after this generation's power state was reached: the runtime already
   * reported it for this generation in a running (or crashed) state.
   */
  /** Whether the VM's reboot request differs from the one last carried out here. */
  private boolean rebootPending(VmInstance vm) {
    String token = rebootRequest(vm);
    VmRuntime runtime = vm.getStatus() == null ? null : vm.getStatus().runtime;
    String done =
        runtime == null || !node.host().equals(runtime.hostRef) ? null : runtime.rebootToken;
    return token != null && !token.equals(done);
  }

  private static String rebootRequest(VmInstance vm) {
    Map<String, String> a = vm.getMetadata().getAnnotations();
    return a == null ? null : a.get(Labels.REBOOT_REQUESTED);
  }

  private boolean crashSeen(VmInstance vm, long generation) {
    VmRuntime runtime = vm.getStatus().runtime;
    return runtime != null
        && node.host().equals(runtime.hostRef)
        && Objects.equals(runtime.observedGeneration, generation)
        && (runtime.domainState == DomainState.Running
            || runtime.domainState == DomainState.Paused
            || runtime.domainState == DomainState.Crashed);
  }

  private void plugNics(String uid, List<DomainSpec.Nic> wanted) {
    var network = node.driver.network();
    Map<String, DomainSpec.Nic> attached =
        network.list().stream()
            .filter(a -> a.vmUid().equals(uid))
            .map(NicAttachment::nic)
            .collect(Collectors.toMap(DomainSpec.Nic::mac, Function.identity(), (a, b) -> a));
    boolean stale =
        attached.keySet().stream()
            .anyMatch(mac -> wanted.stream().noneMatch(n -> n.mac().equals(mac)));
    if (stale) {
      network.unplugAll(uid);
      attached.clear();
    }
    for (DomainSpec.Nic nic : wanted) {
      if (!nic.equals(attached.get(nic.mac()))) {
        network.plug(uid, nic);
      }
    }
  }

  /**
   * Destroys and undefines the VM's domain and unplugs its NICs, then removes {@link
   * Finalizers#DOMAIN} unless the VM is now placed on another host (whose daemon owns it then).
   *
   * @param vm the VM as it is now, or null when it no longer exists
   */
  private UpdateControl<VmInstance> release(VmInstance vm, String uid) {
    try {
      teardown(node, uid);
    } catch (DriverException e) {
      if (vm != null && vm.getStatus() != null && node.host().equals(vm.getStatus().hostRef)) {
        long generation = Objects.requireNonNullElse(vm.getMetadata().getGeneration(), 0L);
        return failed(vm, generation, "Destroy", e);
      }
      LOG.warn("host {}: cannot remove domain {}: {}", node.host(), uid, e.getMessage());
      return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(node.failed(uid));
    }
    node.succeeded(uid);
    if (vm != null && vm.hasFinalizer(Finalizers.DOMAIN) && !placedElsewhere(node, vm)) {
      node.removeFinalizer(vm, Finalizers.DOMAIN);
    }
    return UpdateControl.noUpdate();
  }

  /** Whether the VM's status.hostRef names another host than this one. */
  static boolean placedElsewhere(NodeContext node, VmInstance vm) {
    String hostRef = vm.getStatus() == null ? null : vm.getStatus().hostRef;
    return hostRef != null && !hostRef.equals(node.host());
  }

  /** Removes whatever the host holds for the VM; cheap when it holds nothing. */
  static void teardown(NodeContext node, String uid) {
    var compute = node.driver.compute();
    if (compute.get(uid).isPresent()) {
      compute.destroy(uid);
      compute.undefine(uid);
    }
    var network = node.driver.network();
    if (network.list().stream().anyMatch(a -> a.vmUid().equals(uid))) {
      network.unplugAll(uid);
    }
  }

  private UpdateControl<VmInstance> failed(
      VmInstance vm, long generation, String step, DriverException e) {
    String uid = vm.getMetadata().getUid();
    Duration retry = node.failed(uid);
    LOG.info(
        "host {}: {} of VM {}/{} failed ({}), retrying in {} ms",
        node.host(),
        step,
        vm.getMetadata().getNamespace(),
        vm.getMetadata().getName(),
        e.getMessage(),
        retry.toMillis());
    report(vm, generation, DomainState.Failed, null, step + "Failed", e.getMessage());
    return e.retryable()
        ? UpdateControl.<VmInstance>noUpdate().rescheduleAfter(retry)
        : UpdateControl.noUpdate();
  }

  /** Writes status.runtime and status.console, and nothing else. */
  private void report(
      VmInstance vm,
      long generation,
      DomainState state,
      Integer vncPort,
      String reason,
      String message) {
    node.status(
        vm,
        v -> {
          if (v.getStatus() == null) {
            v.setStatus(new VmInstanceStatus());
          }
          VmRuntime runtime = new VmRuntime();
          runtime.hostRef = node.host();
          runtime.domainState = state;
          runtime.observedGeneration = generation;
          runtime.reason = reason;
          runtime.message = message;
          // A running domain has carried out the current reboot request (converge reboots first).
          VmRuntime previous = v.getStatus().runtime;
          runtime.rebootToken =
              state == DomainState.Running
                  ? rebootRequest(vm)
                  : previous == null ? null : previous.rebootToken;
          v.getStatus().runtime = runtime;
          if (vncPort == null) {
            v.getStatus().console = null;
          } else {
            VmInstanceStatus.Console console = new VmInstanceStatus.Console();
            console.protocol = "VNC";
            console.host = node.config.managementIp();
            console.port = vncPort;
            v.getStatus().console = console;
          }
          return true;
        });
  }

  /**
   * The domain the VM asks for, or null while one of its volumes has no file yet. Size comes from
   * status (the controller resolved the offering), NICs from status.nics, disks from the Volumes in
   * status.volumes.
   */
  private DomainSpec desired(VmInstance vm) {
    VmInstanceStatus status = vm.getStatus();
    Integer cpu = status.cpu != null ? status.cpu : vm.getSpec().cpu;
    Quantity memory = status.memory != null ? status.memory : vm.getSpec().memory;
    if (cpu == null || memory == null) {
      LOG.debug("VM {} has no cpu or memory in its status yet", vm.getMetadata().getName());
      return null;
    }
    List<DomainSpec.Disk> disks = new ArrayList<>();
    List<VmInstanceStatus.VolumeAttachment> attachments =
        new ArrayList<>(Objects.requireNonNullElse(status.volumes, List.of()));
    attachments.sort(
        Comparator.comparing(a -> Objects.requireNonNullElse(a.deviceId, Integer.MAX_VALUE)));
    for (VmInstanceStatus.VolumeAttachment a : attachments) {
      Volume volume =
          node.client
              .resources(Volume.class)
              .inNamespace(vm.getMetadata().getNamespace())
              .withName(a.volumeRef)
              .get();
      if (volume == null || volume.getStatus() == null || volume.getStatus().installPath == null) {
        LOG.debug("VM {}: volume {} has no file yet", vm.getMetadata().getName(), a.volumeRef);
        return null;
      }
      int deviceId = Objects.requireNonNullElse(a.deviceId, disks.size());
      disks.add(
          new DomainSpec.Disk(a.volumeRef, volume.getStatus().installPath, deviceId, a.device));
    }
    List<DomainSpec.Nic> nics = new ArrayList<>();
    for (VmInstanceStatus.NicStatus n :
        Objects.requireNonNullElse(status.nics, List.<VmInstanceStatus.NicStatus>of())) {
      nics.add(
          new DomainSpec.Nic(
              n.name,
              n.mac,
              n.ip,
              n.prefixLength,
              n.gateway,
              n.l3NetworkRef,
              Objects.requireNonNullElse(n.deviceId, nics.size()),
              Boolean.TRUE.equals(n.isDefault)));
    }
    String hostname =
        vm.getSpec().hostname != null ? vm.getSpec().hostname : vm.getMetadata().getName();
    return new DomainSpec(
        vm.getMetadata().getUid(),
        vm.getMetadata().getNamespace(),
        vm.getMetadata().getName(),
        cpu,
        Quantity.getAmountInBytes(memory).longValueExact(),
        disks,
        nics,
        hostname,
        vm.getSpec().userData);
  }
}
