package dev.kumo.node;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeSnapshot;
import dev.kumo.node.driver.DomainInfo;
import dev.kumo.node.driver.DriverException;
import dev.kumo.node.driver.ImageFile;
import dev.kumo.node.driver.NicAttachment;
import dev.kumo.node.driver.SnapshotFile;
import dev.kumo.node.driver.StoragePool;
import dev.kumo.node.driver.VolumeFile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic pull (kvmagent's /vm/vmsync): what the host holds without an object assigned to it
 * is an orphan — left by a crash, or by objects deleted while the daemon was down — and is removed.
 * The host is read before the API, so anything created for an object after the host was read is not
 * mistaken for an orphan. Assigned objects are re-reconciled by JOSDK's maximum reconciliation
 * interval, which reports crashed domains.
 */
final class FullSync {
  private static final Logger LOG = LoggerFactory.getLogger(FullSync.class);

  private final NodeContext node;

  FullSync(NodeContext node) {
    this.node = node;
  }

  /** Runs one pass; never throws. */
  void run() {
    if (!node.alive()) {
      return;
    }
    try {
      domains();
      volumes();
      snapshots();
      images();
    } catch (DriverException e) {
      LOG.warn("host {}: full sync stopped: {}", node.host(), e.getMessage());
    } catch (RuntimeException e) {
      if (!node.stopping()) {
        LOG.warn("host {}: full sync failed: {}", node.host(), e.toString());
      }
    }
  }

  private String selector() {
    return Labels.HOST + "=" + node.host();
  }

  private void domains() {
    List<DomainInfo> domains = node.driver.compute().list();
    List<NicAttachment> nics = node.driver.network().list();
    Set<String> assigned =
        node
            .client
            .resources(VmInstance.class)
            .inAnyNamespace()
            .withLabelSelector(selector())
            .list()
            .getItems()
            .stream()
            .map(vm -> vm.getMetadata().getUid())
            .collect(Collectors.toSet());
    Set<String> orphans = new HashSet<>();
    domains.stream().map(DomainInfo::uid).filter(u -> !assigned.contains(u)).forEach(orphans::add);
    nics.stream()
        .map(NicAttachment::vmUid)
        .filter(u -> !assigned.contains(u))
        .forEach(orphans::add);
    for (DomainInfo domain : domains) {
      if (orphans.contains(domain.uid())) {
        LOG.info(
            "host {}: removing orphan domain {} of {}",
            node.host(),
            domain.uid(),
            domain.spec().vmKey());
        VmReconciler.teardown(node, domain.uid());
        releaseFinalizer(domain);
        orphans.remove(domain.uid());
      }
    }
    for (String uid : orphans) {
      LOG.info("host {}: unplugging orphan NICs of VM {}", node.host(), uid);
      VmReconciler.teardown(node, uid);
    }
  }

  /** The VM of an orphan domain may still exist, unlabelled: it keeps no finalizer of ours. */
  private void releaseFinalizer(DomainInfo domain) {
    if (domain.spec().namespace() == null) {
      return;
    }
    VmInstance vm =
        node.client
            .resources(VmInstance.class)
            .inNamespace(domain.spec().namespace())
            .withName(domain.spec().name())
            .get();
    if (vm != null
        && domain.uid().equals(vm.getMetadata().getUid())
        && vm.hasFinalizer(Finalizers.DOMAIN)
        && !VmReconciler.placedElsewhere(node, vm)) {
      node.removeFinalizer(vm, Finalizers.DOMAIN);
    }
  }

  private void volumes() {
    List<VolumeFile> files = node.driver.storage().list();
    Set<String> assigned =
        node
            .client
            .resources(Volume.class)
            .inAnyNamespace()
            .withLabelSelector(selector())
            .list()
            .getItems()
            .stream()
            .map(v -> v.getMetadata().getUid())
            .collect(Collectors.toSet());
    boolean changed = false;
    for (VolumeFile file : files) {
      if (!assigned.contains(file.volumeUid())) {
        LOG.info("host {}: removing orphan volume file {}", node.host(), file.installPath());
        node.driver.storage().delete(file.installPath());
        changed = true;
      }
    }
    if (changed) {
      node.storageChanged();
    }
  }

  private void snapshots() {
    List<SnapshotFile> files = node.driver.storage().listSnapshots();
    if (files.isEmpty()) {
      return;
    }
    Set<String> assigned =
        node
            .client
            .resources(VolumeSnapshot.class)
            .inAnyNamespace()
            .withLabelSelector(selector())
            .list()
            .getItems()
            .stream()
            .map(s -> s.getMetadata().getUid())
            .collect(Collectors.toSet());
    boolean changed = false;
    for (SnapshotFile file : files) {
      if (!assigned.contains(file.snapshotUid())) {
        LOG.info("host {}: removing orphan snapshot file {}", node.host(), file.installPath());
        node.driver.storage().deleteSnapshot(file.snapshotUid());
        changed = true;
      }
    }
    if (changed) {
      node.storageChanged();
    }
  }

  private void images() {
    List<BackupStorage> served =
        node.client.resources(BackupStorage.class).list().getItems().stream()
            .filter(bs -> BackupStorageReconciler.serves(node, bs))
            .toList();
    if (served.isEmpty()) {
      return;
    }
    for (BackupStorage bs : served) {
      StoragePool store = BackupStorageReconciler.store(bs);
      List<ImageFile> files = node.driver.imageStore().list(store);
      if (files.isEmpty()) {
        continue;
      }
      Set<String> registered =
          node.client.resources(Image.class).list().getItems().stream()
              .filter(
                  i ->
                      i.getSpec() != null
                          && i.getSpec().backupStorageRefs != null
                          && i.getSpec().backupStorageRefs.contains(bs.getMetadata().getName()))
              .map(i -> i.getMetadata().getUid())
              .collect(Collectors.toSet());
      for (ImageFile file : files) {
        if (!registered.contains(file.imageUid())) {
          LOG.info("host {}: removing orphan image file {}", node.host(), file.installPath());
          node.driver.imageStore().delete(store, file.installPath());
        }
      }
    }
  }
}
