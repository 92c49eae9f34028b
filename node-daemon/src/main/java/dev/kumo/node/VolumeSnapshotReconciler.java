package dev.kumo.node;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.storage.v1alpha1.SnapshotPhase;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshot;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshotStatus;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.SnapshotFile;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realises the VolumeSnapshots labelled for this host (the host of their volume) through the
 * storage driver, as kvmagent's takesnapshot and localstorage's snapshot/revert and merge do: adds
 * {@link Finalizers#SNAPSHOT_DATA} before taking the snapshot, reports phase Creating → Ready with
 * the file's path and size, its parent and depth in the volume's snapshot tree and whether the
 * volume sits on it (latest); answers each revert request (annotation {@link
 * Labels#REVERT_REQUESTED}) once, refusing it unless the volume is detached or its VM is Stopped
 * (ZStack); deletes the file of a deleted snapshot once its descendants are gone (the controller
 * deletes them) before removing the finalizer.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
final class VolumeSnapshotReconciler implements Reconciler<VolumeSnapshot> {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSnapshotReconciler.class);
  private static final Duration WAIT_FOR_VOLUME = Duration.ofSeconds(1);

  /** Reason of a refused revert: the volume's VM runs. */
  static final String VM_NOT_STOPPED = "VmNotStopped";

  private final NodeContext node;
  private final VolumeReconciler volumes;

  VolumeSnapshotReconciler(NodeContext node, VolumeReconciler volumes) {
    this.node = node;
    this.volumes = volumes;
  }

  @Override
  public UpdateControl<VolumeSnapshot> reconcile(
      VolumeSnapshot snapshot, Context<VolumeSnapshot> context) {
    if (!node.alive() || context.isPrimaryResourceDeleted()) {
      // Gone without our finalizer: a file left behind is an orphan for the full sync.
      return UpdateControl.noUpdate();
    }
    String uid = snapshot.getMetadata().getUid();
    if (snapshot.isMarkedForDeletion()) {
      return delete(snapshot, uid);
    }
    Volume volume = volume(snapshot);
    SnapshotFile file;
    try {
      file = find(uid);
    } catch (DriverException e) {
      return failed(snapshot, "InspectFailed", e);
    }
    if (file == null) {
      VolumeSnapshotStatus st = snapshot.getStatus();
      if (st != null && st.phase == SnapshotPhase.Ready && st.installPath != null) {
        setStatus(
            snapshot,
            SnapshotPhase.Error,
            "SnapshotFileMissing",
            "the file " + st.installPath + " is missing on host " + node.host());
        return UpdateControl.noUpdate();
      }
      if (volume == null
          || volume.getStatus() == null
          || volume.getStatus().phase != VolumePhase.Ready
          || !node.host().equals(volume.getStatus().hostRef)) {
        setStatus(
            snapshot,
            SnapshotPhase.Creating,
            "VolumeNotReady",
            "waiting for volume "
                + snapshot.getSpec().volumeRef
                + " to be Ready on "
                + node.host());
        return UpdateControl.<VolumeSnapshot>noUpdate().rescheduleAfter(WAIT_FOR_VOLUME);
      }
      return create(snapshot, uid, volume);
    }
    VolumeSnapshot current = node.addFinalizer(snapshot, Finalizers.SNAPSHOT_DATA);
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    report(current, file);
    String token = revertToken(current);
    if (token != null && volume != null) {
      return revert(current, file, volume, token);
    }
    return UpdateControl.noUpdate();
  }

  private UpdateControl<VolumeSnapshot> create(VolumeSnapshot snapshot, String uid, Volume volume) {
    VolumeSnapshot current = node.addFinalizer(snapshot, Finalizers.SNAPSHOT_DATA);
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    current =
        setStatus(
            current,
            SnapshotPhase.Creating,
            "Creating",
            "taking the snapshot of volume " + volume.getMetadata().getName());
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    try {
      node.driver.storage().snapshot(volume.getMetadata().getUid(), uid);
    } catch (DriverException e) {
      undoCreate(uid);
      return failed(current, "SnapshotFailed", e);
    }
    node.succeeded(uid);
    node.storageChanged();
    volumes.sync(volume);
    refreshTree(current.getMetadata().getNamespace(), volume);
    return UpdateControl.noUpdate();
  }

  /** Removes whatever a failed snapshot left, so that nothing leaks. */
  private void undoCreate(String uid) {
    try {
      node.driver.storage().deleteSnapshot(uid);
    } catch (DriverException e) {
      LOG.debug(
          "undoing snapshot {} failed too, the full sync removes it: {}", uid, e.getMessage());
    }
  }

  /** The revert token not answered yet, or null. */
  private static String revertToken(VolumeSnapshot s) {
    Map<String, String> a = s.getMetadata().getAnnotations();
    String token = a == null ? null : a.get(Labels.REVERT_REQUESTED);
    String seen = s.getStatus() == null ? null : s.getStatus().observedRevertToken;
    return token == null || token.equals(seen) ? null : token;
  }

  private UpdateControl<VolumeSnapshot> revert(
      VolumeSnapshot snapshot, SnapshotFile file, Volume volume, String token) {
    String busy = runningVm(volume);
    if (busy != null) {
      answer(
          snapshot,
          token,
          ConditionStatus.False,
          VM_NOT_STOPPED,
          "revert request "
              + token
              + " refused: volume "
              + volume.getMetadata().getName()
              + " is attached to "
              + busy
              + "; stop the VM (or detach the volume) and request the revert again");
      return UpdateControl.noUpdate();
    }
    String uid = snapshot.getMetadata().getUid();
    try {
      node.driver.storage().revert(file.volumeUid(), uid);
    } catch (DriverException e) {
      Duration retry = node.failed(uid);
      condition(
          snapshot,
          ConditionTypes.REVERTED,
          ConditionStatus.False,
          "RevertFailed",
          "reverting volume " + volume.getMetadata().getName() + " failed: " + e.getMessage());
      return e.retryable()
          ? UpdateControl.<VolumeSnapshot>noUpdate().rescheduleAfter(retry)
          : UpdateControl.noUpdate();
    }
    node.succeeded(uid);
    node.storageChanged();
    answer(
        snapshot,
        token,
        ConditionStatus.True,
        "Reverted",
        "volume " + volume.getMetadata().getName() + " was reverted to this snapshot");
    volumes.sync(volume);
    refreshTree(snapshot.getMetadata().getNamespace(), volume);
    LOG.info(
        "host {}: volume {}/{} reverted to snapshot {} (request {})",
        node.host(),
        snapshot.getMetadata().getNamespace(),
        volume.getMetadata().getName(),
        snapshot.getMetadata().getName(),
        token);
    return UpdateControl.noUpdate();
  }

  /**
   * "VM x, which is S" when the volume is attached to a VM that is not Stopped (its domain on this
   * host runs, or the VM does not report Stopped), else null.
   */
  private String runningVm(Volume volume) {
    String name = volume.getStatus() == null ? null : volume.getStatus().attachedTo;
    if (name == null) {
      return null;
    }
    VmInstance vm =
        node.client
            .resources(VmInstance.class)
            .inNamespace(volume.getMetadata().getNamespace())
            .withName(name)
            .get();
    if (vm == null) {
      return null;
    }
    DomainState domain =
        node.driver.compute().get(vm.getMetadata().getUid()).map(DomainInfo::state).orElse(null);
    VmState state = vm.getStatus() == null ? null : vm.getStatus().state;
    boolean stopped =
        state == VmState.Stopped && domain != DomainState.Running && domain != DomainState.Paused;
    return stopped ? null : "VM " + name + ", which is " + (state == null ? "not Stopped" : state);
  }

  private void answer(
      VolumeSnapshot snapshot,
      String token,
      ConditionStatus status,
      String reason,
      String message) {
    node.status(
        snapshot,
        s -> {
          VolumeSnapshotStatus st = status(s);
          st.observedRevertToken = token;
          Condition c = new Condition(ConditionTypes.REVERTED, status, reason, message);
          c.observedGeneration = s.getMetadata().getGeneration();
          Conditions.set(st.conditions, c, Instant.now());
          return true;
        });
  }

  private UpdateControl<VolumeSnapshot> delete(VolumeSnapshot snapshot, String uid) {
    if (!snapshot.hasFinalizer(Finalizers.SNAPSHOT_DATA)) {
      return UpdateControl.noUpdate();
    }
    String name = snapshot.getMetadata().getName();
    boolean hasChildren =
        siblings(snapshot.getMetadata().getNamespace(), snapshot.getSpec().volumeRef).stream()
            .anyMatch(s -> s.getStatus() != null && name.equals(s.getStatus().parent));
    if (hasChildren) {
      // The controller deletes the descendants first (ZStack deletes a snapshot with its subtree);
      // the tree is unwound from its leaves.
      return UpdateControl.<VolumeSnapshot>noUpdate().rescheduleAfter(WAIT_FOR_VOLUME);
    }
    try {
      if (find(uid) != null) {
        node.driver.storage().deleteSnapshot(uid);
        node.storageChanged();
      }
    } catch (DriverException e) {
      Duration retry = node.failed(uid);
      LOG.info(
          "host {}: deleting snapshot {} failed ({}), retrying in {} ms",
          node.host(),
          snapshot.getMetadata().getName(),
          e.getMessage(),
          retry.toMillis());
      return UpdateControl.<VolumeSnapshot>noUpdate().rescheduleAfter(retry);
    }
    node.succeeded(uid);
    node.removeFinalizer(snapshot, Finalizers.SNAPSHOT_DATA);
    Volume volume = volume(snapshot);
    if (volume != null) {
      refreshTree(snapshot.getMetadata().getNamespace(), volume);
    }
    return UpdateControl.noUpdate();
  }

  private SnapshotFile find(String uid) {
    return node.driver.storage().listSnapshots().stream()
        .filter(f -> f.snapshotUid().equals(uid))
        .findFirst()
        .orElse(null);
  }

  private Volume volume(VolumeSnapshot snapshot) {
    return node.client
        .resources(Volume.class)
        .inNamespace(snapshot.getMetadata().getNamespace())
        .withName(snapshot.getSpec().volumeRef)
        .get();
  }

  /**
   * Reports every snapshot of the volume again: a new snapshot, a revert or a deletion moves the
   * volume's place in the tree (latest) and may re-parent snapshots.
   */
  private void refreshTree(String namespace, Volume volume) {
    Map<String, SnapshotFile> files =
        node.driver.storage().listSnapshots().stream()
            .filter(f -> f.volumeUid().equals(volume.getMetadata().getUid()))
            .collect(Collectors.toMap(SnapshotFile::snapshotUid, Function.identity()));
    for (VolumeSnapshot s : siblings(namespace, volume.getMetadata().getName())) {
      SnapshotFile file = files.get(s.getMetadata().getUid());
      if (file != null && !s.isMarkedForDeletion()) {
        report(s, file);
      }
    }
  }

  private List<VolumeSnapshot> siblings(String namespace, String volume) {
    return node
        .client
        .resources(VolumeSnapshot.class)
        .inNamespace(namespace)
        .withLabel(Labels.VOLUME, volume)
        .list()
        .getItems()
        .stream()
        .filter(s -> s.getSpec() != null && volume.equals(s.getSpec().volumeRef))
        .toList();
  }

  /** Writes what the driver says about the snapshot's file and its place in the tree. */
  private void report(VolumeSnapshot snapshot, SnapshotFile file) {
    Map<String, SnapshotFile> tree = new HashMap<>();
    for (SnapshotFile f : node.driver.storage().listSnapshots()) {
      if (f.volumeUid().equals(file.volumeUid())) {
        tree.put(f.snapshotUid(), f);
      }
    }
    int depth = 0;
    for (String p = file.parentUid();
        p != null && tree.containsKey(p);
        p = tree.get(p).parentUid()) {
      depth++;
    }
    String parent =
        file.parentUid() == null
            ? null
            : siblings(snapshot.getMetadata().getNamespace(), snapshot.getSpec().volumeRef).stream()
                .filter(s -> file.parentUid().equals(s.getMetadata().getUid()))
                .map(s -> s.getMetadata().getName())
                .findFirst()
                .orElse(null);
    boolean latest =
        node.driver
            .storage()
            .currentSnapshot(file.volumeUid())
            .map(file.snapshotUid()::equals)
            .orElse(false);
    int finalDepth = depth;
    node.status(
        snapshot,
        s -> {
          VolumeSnapshotStatus st = status(s);
          st.phase = SnapshotPhase.Ready;
          st.installPath = file.installPath();
          st.size = new Quantity(Long.toString(file.sizeBytes()));
          st.volumeSize = new Quantity(Long.toString(file.volumeSizeBytes()));
          st.parent = parent;
          st.depth = finalDepth;
          st.latest = latest;
          Condition c =
              new Condition(
                  ConditionTypes.READY,
                  ConditionStatus.True,
                  "Ready",
                  "the snapshot file exists on " + node.host());
          c.observedGeneration = s.getMetadata().getGeneration();
          Conditions.set(st.conditions, c, Instant.now());
          return true;
        });
  }

  private UpdateControl<VolumeSnapshot> failed(
      VolumeSnapshot snapshot, String reason, DriverException e) {
    Duration retry = node.failed(snapshot.getMetadata().getUid());
    LOG.info(
        "host {}: snapshot {}/{}: {} ({}), retrying in {} ms",
        node.host(),
        snapshot.getMetadata().getNamespace(),
        snapshot.getMetadata().getName(),
        reason,
        e.getMessage(),
        retry.toMillis());
    setStatus(snapshot, SnapshotPhase.Error, reason, e.getMessage());
    return e.retryable()
        ? UpdateControl.<VolumeSnapshot>noUpdate().rescheduleAfter(retry)
        : UpdateControl.noUpdate();
  }

  private VolumeSnapshot setStatus(
      VolumeSnapshot snapshot, SnapshotPhase phase, String reason, String message) {
    return node.status(
        snapshot,
        s -> {
          VolumeSnapshotStatus st = status(s);
          st.phase = phase;
          Condition c = new Condition(ConditionTypes.READY, ConditionStatus.False, reason, message);
          c.observedGeneration = s.getMetadata().getGeneration();
          Conditions.set(st.conditions, c, Instant.now());
          return true;
        });
  }

  private void condition(
      VolumeSnapshot snapshot, String type, ConditionStatus status, String reason, String message) {
    node.status(
        snapshot,
        s -> {
          Condition c = new Condition(type, status, reason, message);
          c.observedGeneration = s.getMetadata().getGeneration();
          Conditions.set(status(s).conditions, c, Instant.now());
          return true;
        });
  }

  private static VolumeSnapshotStatus status(VolumeSnapshot s) {
    if (s.getStatus() == null) {
      s.setStatus(new VolumeSnapshotStatus());
    }
    if (s.getStatus().conditions == null) {
      s.getStatus().conditions = new ArrayList<>();
    }
    return s.getStatus();
  }
}
