package dev.kumo.node;

import dev.kumo.api.Finalizers;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.DiskOffering;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImageFormat;
import dev.kumo.api.storage.v1alpha1.ImagePhase;
import dev.kumo.api.storage.v1alpha1.ImageStatus;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.ImageSource;
import dev.kumo.node.driver.StoragePool;
import dev.kumo.node.driver.VolumeFile;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realises the Volumes labelled for this host as files on primary storage: adds {@link
 * Finalizers#VOLUME_DATA} before creating the file, creates it empty (spec.size, or the
 * DiskOffering's diskSize) or from its Image, and reports phase Creating → Ready (or Error) with
 * the file's path and sizes. A volume whose spec.size grows is resized (condition Resized; a
 * smaller spec.size is refused with reason ShrinkRefused). A deleted Volume loses its file first
 * and its finalizer after. A file whose creation failed is deleted again before the retry.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
final class VolumeReconciler implements Reconciler<Volume> {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeReconciler.class);
  private static final Duration WAIT_FOR_SOURCE = Duration.ofSeconds(2);
  private static final String MISSING = "VolumeFileMissing";

  private final NodeContext node;

  VolumeReconciler(NodeContext node) {
    this.node = node;
  }

  @Override
  public UpdateControl<Volume> reconcile(Volume volume, Context<Volume> context) {
    if (!node.alive()) {
      return UpdateControl.noUpdate();
    }
    String uid = volume.getMetadata().getUid();
    if (context.isPrimaryResourceDeleted()) {
      // The finalizer normally prevents this; a file left behind is an orphan for the full sync.
      return UpdateControl.noUpdate();
    }
    if (volume.isMarkedForDeletion()) {
      return delete(volume, uid);
    }
    Optional<VolumeFile> existing;
    try {
      existing = node.driver.storage().find(uid);
    } catch (DriverException e) {
      return error(volume, "InspectFailed", e);
    }
    if (existing.isPresent()) {
      Volume current = node.addFinalizer(volume, Finalizers.VOLUME_DATA);
      return current == null ? UpdateControl.noUpdate() : converge(current, existing.get());
    }
    VolumeStatus status = volume.getStatus();
    if (status != null
        && status.installPath != null
        && Conditions.find(status.conditions, ConditionTypes.READY)
            .filter(c -> MISSING.equals(c.reason))
            .isPresent()) {
      return UpdateControl.noUpdate();
    }
    if (status != null && status.phase == VolumePhase.Ready && status.installPath != null) {
      // Reported Ready once, but the file is gone from the host: say so, do not invent data.
      setStatus(
          volume,
          VolumePhase.Error,
          null,
          ConditionStatus.False,
          MISSING,
          "the file " + status.installPath + " is missing on host " + node.host());
      return UpdateControl.noUpdate();
    }
    return create(volume, uid);
  }

  private UpdateControl<Volume> create(Volume volume, String uid) {
    PrimaryStorage ps = primaryStorage(volume);
    if (ps == null) {
      return waiting(volume, "PrimaryStorageNotFound", "no primary storage for the volume");
    }
    StoragePool pool = HostAgent.pool(ps);
    var spec = volume.getSpec();
    ImageSource image = null;
    long size = 0;
    if (spec.imageRef != null) {
      image = imageSource(spec.imageRef);
      if (image == null) {
        return waiting(
            volume, "ImageNotReady", "image " + spec.imageRef + " has no Ready copy yet");
      }
    } else if (spec.diskOfferingRef != null) {
      DiskOffering offering =
          node.client.resources(DiskOffering.class).withName(spec.diskOfferingRef).get();
      if (offering == null || offering.getSpec() == null || offering.getSpec().diskSize == null) {
        return waiting(
            volume, "DiskOfferingNotFound", "disk offering " + spec.diskOfferingRef + " not found");
      }
      size = bytes(offering.getSpec().diskSize);
    } else if (spec.size != null) {
      size = bytes(spec.size);
    } else {
      setStatus(
          volume,
          VolumePhase.Error,
          pool.name(),
          ConditionStatus.False,
          "NoSource",
          "the volume has no size, diskOfferingRef or imageRef");
      return UpdateControl.noUpdate();
    }
    Volume current = node.addFinalizer(volume, Finalizers.VOLUME_DATA);
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    current =
        setStatus(
            current,
            VolumePhase.Creating,
            pool.name(),
            ConditionStatus.False,
            "Creating",
            "creating the volume file on host " + node.host());
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    VolumeFile file;
    try {
      file =
          image != null
              ? node.driver.storage().createFromImage(pool, uid, image)
              : node.driver.storage().createEmpty(pool, uid, size);
    } catch (DriverException e) {
      undoCreate(uid);
      return error(current, "CreateFailed", e);
    }
    node.succeeded(uid);
    node.storageChanged();
    ready(current, file);
    return UpdateControl.noUpdate();
  }

  /**
   * Brings an existing volume file to spec.size (volumes grow, never shrink: ZStack's resize) and
   * reports it. Called again by the snapshot reconciler after a snapshot or a revert changed the
   * file.
   */
  UpdateControl<Volume> converge(Volume volume, VolumeFile file) {
    String uid = volume.getMetadata().getUid();
    Long wanted = volume.getSpec().size == null ? null : bytes(volume.getSpec().size);
    Condition resized = null;
    Duration retry = null;
    if (wanted != null && wanted > file.sizeBytes()) {
      try {
        file = node.driver.storage().resize(uid, wanted);
        node.succeeded(uid);
        node.storageChanged();
      } catch (DriverException e) {
        retry = e.retryable() ? node.failed(uid) : null;
        resized =
            resizedCondition(
                volume,
                ConditionStatus.False,
                "ResizeFailed",
                "growing the volume to " + wanted + " bytes failed: " + e.getMessage());
      }
    }
    if (resized == null && wanted != null) {
      resized =
          wanted < file.sizeBytes()
              ? resizedCondition(
                  volume,
                  ConditionStatus.False,
                  "ShrinkRefused",
                  "spec.size ("
                      + volume.getSpec().size
                      + ") is below the volume's "
                      + file.sizeBytes()
                      + " bytes: volumes grow, never shrink")
              : resizedCondition(
                  volume,
                  ConditionStatus.True,
                  "SizeMatchesSpec",
                  "the volume has the " + file.sizeBytes() + " bytes spec.size asks for");
    }
    ready(volume, file, resized);
    return retry == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<Volume>noUpdate().rescheduleAfter(retry);
  }

  /** Reports a volume's file again after something else (a snapshot, a revert) changed it. */
  void sync(Volume volume) {
    node.driver
        .storage()
        .find(volume.getMetadata().getUid())
        .ifPresent(file -> converge(volume, file));
  }

  private static Condition resizedCondition(
      Volume v, ConditionStatus status, String reason, String message) {
    Condition c = new Condition(ConditionTypes.RESIZED, status, reason, message);
    c.observedGeneration = v.getMetadata().getGeneration();
    return c;
  }

  /** Removes whatever a failed creation left, so that nothing leaks. */
  private void undoCreate(String uid) {
    try {
      Optional<VolumeFile> partial = node.driver.storage().find(uid);
      if (partial.isPresent()) {
        node.driver.storage().delete(partial.get().installPath());
      }
    } catch (DriverException e) {
      LOG.debug(
          "undoing volume {} failed too, the full sync will remove it: {}", uid, e.getMessage());
    }
  }

  private UpdateControl<Volume> delete(Volume volume, String uid) {
    if (!volume.hasFinalizer(Finalizers.VOLUME_DATA)) {
      return UpdateControl.noUpdate();
    }
    try {
      Optional<VolumeFile> file = node.driver.storage().find(uid);
      if (file.isPresent()) {
        node.driver.storage().delete(file.get().installPath());
        node.storageChanged();
      }
    } catch (DriverException e) {
      Duration retry = node.failed(uid);
      LOG.info(
          "host {}: deleting the file of volume {} failed ({}), retrying in {} ms",
          node.host(),
          volume.getMetadata().getName(),
          e.getMessage(),
          retry.toMillis());
      return UpdateControl.<Volume>noUpdate().rescheduleAfter(retry);
    }
    node.succeeded(uid);
    node.removeFinalizer(volume, Finalizers.VOLUME_DATA);
    return UpdateControl.noUpdate();
  }

  private void ready(Volume volume, VolumeFile file) {
    ready(volume, file, null);
  }

  private void ready(Volume volume, VolumeFile file, Condition resized) {
    node.status(
        volume,
        v -> {
          VolumeStatus s = status(v);
          s.phase = VolumePhase.Ready;
          s.primaryStorageRef = file.pool();
          s.hostRef = node.host();
          s.installPath = file.installPath();
          s.format = ImageFormat.valueOf(file.format());
          s.size = new Quantity(Long.toString(file.sizeBytes()));
          s.actualSize = new Quantity(Long.toString(file.actualSizeBytes()));
          condition(v, ConditionStatus.True, "Ready", "the volume file exists on " + node.host());
          if (resized != null) {
            Conditions.set(s.conditions, resized, Instant.now());
          }
          return true;
        });
  }

  private UpdateControl<Volume> waiting(Volume volume, String reason, String message) {
    setStatus(volume, VolumePhase.Creating, null, ConditionStatus.False, reason, message);
    return UpdateControl.<Volume>noUpdate().rescheduleAfter(WAIT_FOR_SOURCE);
  }

  private UpdateControl<Volume> error(Volume volume, String reason, DriverException e) {
    Duration retry = node.failed(volume.getMetadata().getUid());
    LOG.info(
        "host {}: volume {}/{}: {} ({}), retrying in {} ms",
        node.host(),
        volume.getMetadata().getNamespace(),
        volume.getMetadata().getName(),
        reason,
        e.getMessage(),
        retry.toMillis());
    setStatus(volume, VolumePhase.Error, null, ConditionStatus.False, reason, e.getMessage());
    return e.retryable()
        ? UpdateControl.<Volume>noUpdate().rescheduleAfter(retry)
        : UpdateControl.noUpdate();
  }

  private Volume setStatus(
      Volume volume,
      VolumePhase phase,
      String primaryStorage,
      ConditionStatus ready,
      String reason,
      String message) {
    return node.status(
        volume,
        v -> {
          VolumeStatus s = status(v);
          s.phase = phase;
          s.hostRef = node.host();
          if (primaryStorage != null) {
            s.primaryStorageRef = primaryStorage;
          }
          condition(v, ready, reason, message);
          return true;
        });
  }

  private static VolumeStatus status(Volume v) {
    if (v.getStatus() == null) {
      v.setStatus(new VolumeStatus());
    }
    return v.getStatus();
  }

  private static void condition(Volume v, ConditionStatus status, String reason, String message) {
    Condition c = new Condition(ConditionTypes.READY, status, reason, message);
    c.observedGeneration = v.getMetadata().getGeneration();
    Conditions.set(v.getStatus().conditions, c, Instant.now());
  }

  /** spec.primaryStorageRef, else the one already reported, else the cluster's first. */
  private PrimaryStorage primaryStorage(Volume volume) {
    String name = volume.getSpec().primaryStorageRef;
    if (name == null && volume.getStatus() != null) {
      name = volume.getStatus().primaryStorageRef;
    }
    if (name == null) {
      Cluster cluster = node.client.resources(Cluster.class).withName(node.config.cluster()).get();
      List<String> refs =
          cluster == null || cluster.getSpec() == null
              ? null
              : cluster.getSpec().primaryStorageRefs;
      if (refs == null || refs.isEmpty()) {
        return null;
      }
      name = refs.get(0);
    }
    PrimaryStorage ps = node.client.resources(PrimaryStorage.class).withName(name).get();
    return ps == null || ps.getSpec() == null ? null : ps;
  }

  /** The image's first Ready copy, or null while it has none. */
  private ImageSource imageSource(String imageName) {
    Image image = node.client.resources(Image.class).withName(imageName).get();
    ImageStatus status = image == null ? null : image.getStatus();
    if (status == null || status.phase != ImagePhase.Ready || status.size == null) {
      return null;
    }
    for (ImageStatus.BackupStorageCopy copy :
        Objects.requireNonNullElse(
            status.backupStorages, List.<ImageStatus.BackupStorageCopy>of())) {
      if (copy.phase != ImagePhase.Ready || copy.installPath == null) {
        continue;
      }
      BackupStorage bs = node.client.resources(BackupStorage.class).withName(copy.name).get();
      String hostname = bs == null || bs.getSpec() == null ? null : bs.getSpec().hostname;
      return new ImageSource(
          image.getMetadata().getUid(), hostname, copy.installPath, bytes(status.size));
    }
    return null;
  }

  static long bytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity).longValueExact();
  }
}
