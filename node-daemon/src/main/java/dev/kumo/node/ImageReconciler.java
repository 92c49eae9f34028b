package dev.kumo.node;

import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImagePhase;
import dev.kumo.api.storage.v1alpha1.ImageStatus;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.ImageDownload;
import dev.kumo.node.driver.ImageFile;
import dev.kumo.node.driver.StoragePool;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Images on the BackupStorages this host serves: downloads and verifies each (phase
 * Downloading with progress 0..100, then Ready with size, actualSize and checksum, or Error on a
 * checksum mismatch or a failed download, which is retried). Each serving daemon writes only its
 * own entry of status.backupStorages; the image-wide phase is Ready as soon as one copy is.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
final class ImageReconciler implements Reconciler<Image> {
  private static final Logger LOG = LoggerFactory.getLogger(ImageReconciler.class);

  private final NodeContext node;

  ImageReconciler(NodeContext node) {
    this.node = node;
  }

  @Override
  public UpdateControl<Image> reconcile(Image image, Context<Image> context) {
    if (!node.alive() || image.getSpec() == null) {
      return UpdateControl.noUpdate();
    }
    List<BackupStorage> mine = new ArrayList<>();
    for (String ref :
        Objects.requireNonNullElse(image.getSpec().backupStorageRefs, List.<String>of())) {
      BackupStorage bs = node.client.resources(BackupStorage.class).withName(ref).get();
      if (BackupStorageReconciler.serves(node, bs)) {
        mine.add(bs);
      }
    }
    if (context.isPrimaryResourceDeleted()) {
      // Deleted for good (the controller's in-use finalizer is gone): drop our copies.
      for (BackupStorage bs : mine) {
        removeCopy(bs, image.getMetadata().getUid());
      }
      return UpdateControl.noUpdate();
    }
    if (image.isMarkedForDeletion()) {
      return UpdateControl.noUpdate();
    }
    Duration retry = null;
    for (int i = 0; i < mine.size(); i++) {
      if (i > 0) {
        // the previous store's writes moved the image on
        image = node.client.resource(image).get();
        if (image == null) {
          return UpdateControl.noUpdate();
        }
      }
      Duration next = register(image, BackupStorageReconciler.store(mine.get(i)));
      if (next != null) {
        retry = retry == null || next.compareTo(retry) < 0 ? next : retry;
      }
    }
    return retry == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<Image>noUpdate().rescheduleAfter(retry);
  }

  private void removeCopy(BackupStorage bs, String imageUid) {
    StoragePool store = BackupStorageReconciler.store(bs);
    try {
      Optional<ImageFile> file = node.driver.imageStore().find(store, imageUid);
      if (file.isPresent()) {
        node.driver.imageStore().delete(store, file.get().installPath());
      }
    } catch (DriverException e) {
      LOG.info(
          "host {}: image file {} stays for the full sync: {}",
          node.host(),
          imageUid,
          e.getMessage());
    }
  }

  /** Makes sure the store holds the image; returns when to retry, or null when done. */
  private Duration register(Image image, StoragePool store) {
    String uid = image.getMetadata().getUid();
    String key = uid + "@" + store.name();
    Optional<ImageFile> existing;
    try {
      existing = node.driver.imageStore().find(store, uid);
    } catch (DriverException e) {
      return failed(image, store, key, e);
    }
    if (existing.isPresent()) {
      write(image, store, ImagePhase.Ready, null, existing.get(), "Ready", "stored");
      return null;
    }
    ImageStatus status = image.getStatus();
    Optional<Condition> ready =
        status == null
            ? Optional.empty()
            : Conditions.find(status.conditions, ConditionTypes.READY);
    if (ready.isPresent()
        && DriverException.CHECKSUM_MISMATCH.equals(ready.get().reason)
        && copyPhase(image, store.name()) == ImagePhase.Error) {
      return null; // url and checksum are immutable: trying again cannot help
    }
    Image[] current = {
      write(
          image,
          store,
          ImagePhase.Downloading,
          0,
          null,
          "Downloading",
          "downloading " + image.getSpec().url)
    };
    if (current[0] == null) {
      return null;
    }
    int[] written = {0};
    ImageFile file;
    try {
      file =
          node.driver
              .imageStore()
              .download(
                  store,
                  new ImageDownload(
                      uid,
                      image.getSpec().url,
                      image.getSpec().checksum,
                      image.getSpec().format == null ? null : image.getSpec().format.name()),
                  percent -> {
                    if (percent > written[0] && percent < 100 && current[0] != null) {
                      written[0] = percent;
                      current[0] =
                          write(
                              current[0],
                              store,
                              ImagePhase.Downloading,
                              percent,
                              null,
                              "Downloading",
                              "downloading " + image.getSpec().url);
                    }
                  });
    } catch (DriverException e) {
      return failed(current[0] == null ? image : current[0], store, key, e);
    }
    node.succeeded(key);
    if (current[0] != null) {
      write(current[0], store, ImagePhase.Ready, null, file, "Ready", "stored");
    }
    return null;
  }

  private Duration failed(Image image, StoragePool store, String key, DriverException e) {
    String reason =
        DriverException.CHECKSUM_MISMATCH.equals(e.reason())
            ? DriverException.CHECKSUM_MISMATCH
            : "DownloadFailed";
    LOG.info(
        "host {}: image {} on {}: {} ({})",
        node.host(),
        image.getMetadata().getName(),
        store.name(),
        reason,
        e.getMessage());
    write(image, store, ImagePhase.Error, null, null, reason, e.getMessage());
    return e.retryable() ? node.failed(key) : null;
  }

  private static ImagePhase copyPhase(Image image, String store) {
    if (image.getStatus() == null || image.getStatus().backupStorages == null) {
      return null;
    }
    return image.getStatus().backupStorages.stream()
        .filter(c -> store.equals(c.name))
        .map(c -> c.phase)
        .findFirst()
        .orElse(null);
  }

  /**
   * Writes this store's copy and the image-wide phase, progress, sizes, checksum and Ready
   * condition derived from all copies.
   */
  private Image write(
      Image image,
      StoragePool store,
      ImagePhase phase,
      Integer progress,
      ImageFile file,
      String reason,
      String message) {
    return node.status(
        image,
        i -> {
          if (i.getStatus() == null) {
            i.setStatus(new ImageStatus());
          }
          ImageStatus s = i.getStatus();
          List<ImageStatus.BackupStorageCopy> copies =
              new ArrayList<>(Objects.requireNonNullElse(s.backupStorages, List.of()));
          copies.removeIf(c -> store.name().equals(c.name));
          ImageStatus.BackupStorageCopy copy = new ImageStatus.BackupStorageCopy();
          copy.name = store.name();
          copy.phase = phase;
          copy.installPath = file == null ? null : file.installPath();
          copies.add(copy);
          copies.sort((a, b) -> a.name.compareTo(b.name));
          s.backupStorages = copies;
          boolean anyReady = copies.stream().anyMatch(c -> c.phase == ImagePhase.Ready);
          boolean anyDownloading = copies.stream().anyMatch(c -> c.phase == ImagePhase.Downloading);
          if (file != null) {
            s.size = new Quantity(Long.toString(file.virtualSizeBytes()));
            s.actualSize = new Quantity(Long.toString(file.actualSizeBytes()));
            s.checksum = file.checksum();
          }
          if (anyReady) {
            s.phase = ImagePhase.Ready;
            s.progress = 100;
          } else if (anyDownloading) {
            s.phase = ImagePhase.Downloading;
            s.progress = progress != null ? progress : s.progress;
          } else {
            s.phase = ImagePhase.Error;
          }
          s.observedGeneration = i.getMetadata().getGeneration();
          Condition ready =
              anyReady
                  ? new Condition(
                      ConditionTypes.READY,
                      ConditionStatus.True,
                      "Ready",
                      "stored on " + store.name())
                  : new Condition(ConditionTypes.READY, ConditionStatus.False, reason, message);
          if (anyReady && phase != ImagePhase.Ready) {
            ready = Conditions.find(s.conditions, ConditionTypes.READY).orElse(ready);
          }
          ready.observedGeneration = i.getMetadata().getGeneration();
          Conditions.set(s.conditions, ready, Instant.now());
          return true;
        });
  }
}
