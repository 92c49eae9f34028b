package dev.kumo.reconcilers.storage;

import dev.kumo.api.Labels;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeType;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The controller manager's decisions about data volumes and their snapshots, as pure functions
 * (ZStack's VmAllocatePrimaryStorageForAttachingDiskFlow and the checks of APIAttachDataVolumeToVm
 * and APICreateVolumeSnapshot):
 *
 * <ul>
 *   <li>a volume no VM has asked for is NotInstantiated: it has no file and no host;
 *   <li>attaching places a NotInstantiated volume on the VM's primary storage and host (the node
 *       daemon of that host creates it: on LocalStorage the volume stays with that host);
 *   <li>a non-shareable volume is attached to one VM at a time; a root volume is never attached to
 *       another VM; a LocalStorage volume is attached only to a VM on its host; the volume's
 *       primary storage must be attached to the VM's cluster;
 *   <li>a snapshot is taken by the node daemon of its volume's host, and only of an instantiated
 *       volume.
 * </ul>
 */
public final class VolumeRules {
  private VolumeRules() {}

  /** What attaching a volume to a VM comes to. */
  public sealed interface Attach {}

  /** The volume is placed where the VM can use it: attach it. */
  public record Attachable() implements Attach {}

  /**
   * The volume has no file yet: label it for {@code host} with primary storage {@code
   * primaryStorage}, so that the host's node daemon creates it.
   */
  public record Place(String host, String primaryStorage) implements Attach {}

  /** The volume cannot be attached to this VM. */
  public record Refuse(String reason, String message) implements Attach {}

  /**
   * What the VM it is attached to is told when the volume can be attached to it, or where it must
   * be created first.
   *
   * @param volume the volume the VM lists in spec.volumeRefs
   * @param vm the VM's name
   * @param vmHost the VM's host (status.hostRef)
   * @param vmStorage the VM's primary storage (its root volume's), the default for a new volume
   * @param clusterStorages the primary storages attached to the VM's cluster
   * @param storageTypes the type of every known primary storage, by name
   */
  public static Attach attach(
      Volume volume,
      String vm,
      String vmHost,
      String vmStorage,
      Collection<String> clusterStorages,
      Map<String, PrimaryStorageType> storageTypes) {
    String name = volume.getMetadata().getName();
    var spec = volume.getSpec();
    var status = volume.getStatus();
    if (spec != null && spec.type == VolumeType.Root) {
      return new Refuse(
          "VolumeIsRoot",
          "Volume " + name + " is a root volume: only data volumes are attached to VMs");
    }
    String attachedTo = status == null ? null : status.attachedTo;
    boolean shareable = spec != null && Boolean.TRUE.equals(spec.shareable);
    if (attachedTo != null && !attachedTo.equals(vm) && !shareable) {
      return new Refuse(
          "VolumeInUse",
          "Volume "
              + name
              + " is attached to VM "
              + attachedTo
              + "; a volume that is not shareable is attached to one VM at a time (remove it from"
              + " that VM's spec.volumeRefs first)");
    }
    String storage = storageOf(volume);
    if (storage == null) {
      storage = vmStorage;
    }
    if (storage != null && clusterStorages != null && !clusterStorages.contains(storage)) {
      return new Refuse(
          "PrimaryStorageNotReachable",
          "Volume "
              + name
              + " is on primary storage "
              + storage
              + ", which is not attached to the cluster of VM "
              + vm);
    }
    String host = hostOf(volume);
    if (host == null) {
      return new Place(vmHost, storage);
    }
    if (!host.equals(vmHost) && storageTypes.get(storage) == PrimaryStorageType.LocalStorage) {
      return new Refuse(
          "VolumeOnOtherHost",
          "Volume "
              + name
              + " is on the local storage of host "
              + host
              + " but VM "
              + vm
              + " runs on host "
              + vmHost
              + ": a local volume is attached only to a VM on its host");
    }
    return new Attachable();
  }

  /** The primary storage a volume is (or is to be) on. */
  public static String storageOf(Volume v) {
    if (v.getStatus() != null && v.getStatus().primaryStorageRef != null) {
      return v.getStatus().primaryStorageRef;
    }
    return v.getSpec() == null ? null : v.getSpec().primaryStorageRef;
  }

  /** The host whose node daemon realises the volume, or null while it is NotInstantiated. */
  public static String hostOf(Volume v) {
    Map<String, String> labels = v.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.HOST);
  }

  /**
   * The lowest device position on the VM's disk bus not in {@code used} (ZStack's
   * VmAssignDeviceIdToAttachingVolumeFlow); 0 is the root volume's.
   */
  public static int freeDevice(Set<Integer> used) {
    int id = 1;
    while (used.contains(id)) {
      id++;
    }
    return id;
  }

  /** Where a snapshot can be taken. */
  public sealed interface SnapshotPlace {}

  /** On the node daemon of {@code host}, the volume's. */
  public record OnHost(String host) implements SnapshotPlace {}

  /** Not yet: the snapshot waits, with Ready=False for this reason. */
  public record Waiting(String reason, String message) implements SnapshotPlace {}

  /** Where the snapshot of {@code volume} (null when it does not exist) is taken. */
  public static SnapshotPlace snapshotPlace(String volumeName, String namespace, Volume volume) {
    if (volume == null || volume.getMetadata().getDeletionTimestamp() != null) {
      return new Waiting(
          "VolumeNotFound", "Volume " + volumeName + " not found in namespace " + namespace);
    }
    String host = hostOf(volume);
    if (host == null) {
      return new Waiting(
          "VolumeNotInstantiated",
          "Volume "
              + volumeName
              + " is not instantiated (it has no file until it is attached to a VM)");
    }
    return new OnHost(host);
  }
}
