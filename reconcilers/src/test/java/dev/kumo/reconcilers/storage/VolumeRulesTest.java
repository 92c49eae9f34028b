package dev.kumo.reconcilers.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Labels;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumeSpec;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import dev.kumo.api.storage.v1alpha1.VolumeType;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VolumeRulesTest {
  private static final Map<String, PrimaryStorageType> TYPES =
      Map.of("local", PrimaryStorageType.LocalStorage, "nfs", PrimaryStorageType.NFS);
  private static final List<String> CLUSTER = List.of("local", "nfs");

  private static Volume volume(String host, String storage, String attachedTo) {
    Volume v = new Volume();
    ObjectMeta m = new ObjectMeta();
    m.setName("data");
    m.setNamespace("default");
    if (host != null) {
      m.setLabels(new HashMap<>(Map.of(Labels.HOST, host)));
    }
    v.setMetadata(m);
    v.setSpec(new VolumeSpec());
    v.getSpec().type = VolumeType.Data;
    v.getSpec().size = new Quantity("1Gi");
    v.setStatus(new VolumeStatus());
    v.getStatus().primaryStorageRef = storage;
    v.getStatus().attachedTo = attachedTo;
    return v;
  }

  private static VolumeRules.Attach attach(Volume v) {
    return VolumeRules.attach(v, "vm-1", "host-1", "local", CLUSTER, TYPES);
  }

  @Test
  void aNotInstantiatedVolumeIsPlacedOnTheVmsHostAndStorage() {
    assertEquals(new VolumeRules.Place("host-1", "local"), attach(volume(null, null, null)));
    Volume onNfs = volume(null, null, null);
    onNfs.getSpec().primaryStorageRef = "nfs";
    assertEquals(new VolumeRules.Place("host-1", "nfs"), attach(onNfs));
  }

  @Test
  void aVolumeIsAttachedToOneVmUnlessShareable() {
    VolumeRules.Refuse refused =
        assertInstanceOf(VolumeRules.Refuse.class, attach(volume("host-1", "local", "vm-2")));
    assertEquals("VolumeInUse", refused.reason());
    assertTrue(refused.message().contains("vm-2"), refused.message());
    Volume shared = volume("host-1", "local", "vm-2");
    shared.getSpec().shareable = true;
    assertInstanceOf(VolumeRules.Attachable.class, attach(shared));
    assertInstanceOf(VolumeRules.Attachable.class, attach(volume("host-1", "local", "vm-1")));
  }

  @Test
  void rootVolumesAreNeverAttached() {
    Volume root = volume("host-1", "local", null);
    root.getSpec().type = VolumeType.Root;
    assertEquals("VolumeIsRoot", ((VolumeRules.Refuse) attach(root)).reason());
  }

  @Test
  void aLocalVolumeStaysWithItsHostASharedOneDoesNot() {
    VolumeRules.Refuse refused =
        assertInstanceOf(VolumeRules.Refuse.class, attach(volume("host-2", "local", null)));
    assertEquals("VolumeOnOtherHost", refused.reason());
    assertTrue(refused.message().contains("host-2"), refused.message());
    assertInstanceOf(VolumeRules.Attachable.class, attach(volume("host-2", "nfs", null)));
  }

  @Test
  void theVolumesStorageMustBeAttachedToTheVmsCluster() {
    Volume elsewhere = volume("host-1", "other", null);
    assertEquals("PrimaryStorageNotReachable", ((VolumeRules.Refuse) attach(elsewhere)).reason());
  }

  @Test
  void newDisksTakeTheLowestFreeDevice() {
    assertEquals(1, VolumeRules.freeDevice(Set.of(0)));
    assertEquals(2, VolumeRules.freeDevice(Set.of(0, 1, 3)));
    assertEquals(1, VolumeRules.freeDevice(Set.of()));
  }

  @Test
  void snapshotsAreTakenOnTheHostOfAnInstantiatedVolume() {
    VolumeRules.Waiting missing =
        assertInstanceOf(
            VolumeRules.Waiting.class, VolumeRules.snapshotPlace("data", "default", null));
    assertEquals("VolumeNotFound", missing.reason());
    VolumeRules.Waiting notYet =
        assertInstanceOf(
            VolumeRules.Waiting.class,
            VolumeRules.snapshotPlace("data", "default", volume(null, null, null)));
    assertEquals("VolumeNotInstantiated", notYet.reason());
    assertEquals(
        new VolumeRules.OnHost("host-1"),
        VolumeRules.snapshotPlace("data", "default", volume("host-1", "local", null)));
  }
}
