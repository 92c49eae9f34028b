package dev.kumo.launcher;

import static dev.kumo.launcher.ControlPlane.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.KumoStatus;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L2NetworkSpec;
import dev.kumo.api.network.v1alpha1.L2NetworkType;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkSpec;
import dev.kumo.api.storage.v1alpha1.BackupStorage;
import dev.kumo.api.storage.v1alpha1.DiskOffering;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImageSpec;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.reconcilers.network.L3NetworkReconciler;
import dev.kumo.reconcilers.storage.ImageReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ZStack's cascade on the whole control plane (controller manager, API server with its garbage
 * collector, simulated node daemons): an image, an instance offering and an L3 network in use are
 * protected from deletion while VMs use them (an L3 network gives way when forced, or when its L2
 * network is deleted), and deleting the zone deletes every cluster, host, primary storage, L2 and
 * L3 network and VM beneath it, with the VMs' addresses, volumes and domains, while what does not
 * hang beneath a zone (backup storage, images, offerings) stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CascadeIT {
  private static final String NS = "cascade";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static ControlPlane plane;

  @BeforeAll
  static void start() throws Exception {
    plane = new ControlPlane(3, NS, Duration.ofSeconds(3), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  @Order(1)
  void imageAndOfferingInUseWaitForTheirLastUser() throws Exception {
    Image image = new Image();
    image.setMetadata(new ObjectMetaBuilder().withName("used-image").build());
    image.setSpec(new ImageSpec());
    image.getSpec().url = "file:///var/lib/kumo/guest/kumo-test-guest.qcow2";
    image.getSpec().backupStorageRefs = List.of("image-store");
    plane.client.resource(image).create();
    InstanceOffering offering = new InstanceOffering();
    offering.setMetadata(new ObjectMetaBuilder().withName("used-offering").build());
    offering.setSpec(new InstanceOfferingSpec());
    offering.getSpec().cpu = 1;
    offering.getSpec().memory = new Quantity("256Mi");
    plane.client.resource(offering).create();
    VmInstance vm = ControlPlane.vm(NS, "user", "private-l3");
    vm.getSpec().imageRef = "used-image";
    vm.getSpec().instanceOfferingRef = "used-offering";
    plane.client.resource(vm).create();
    await("VM user Ready", WAIT, () -> plane.vmReady(NS, "user"));
    assertTrue(finalizers(image()).contains(Finalizers.IN_USE), "the image carries in-use");

    plane.client.resource(image()).delete();
    plane.client.resource(offering()).delete();
    await(
        "the image's deletion blocked",
        WAIT,
        () -> condition(image(), ImageReconciler.DELETION_BLOCKED).isPresent(),
        this::image);
    Condition blocked = condition(image(), ImageReconciler.DELETION_BLOCKED).orElseThrow();
    assertEquals(ConditionStatus.True, blocked.status);
    assertEquals("InUse", blocked.reason);
    assertTrue(blocked.message.contains("VmInstance cascade/user"), blocked.message);
    assertTrue(
        blocked.message.contains("Volume cascade/user-root"), "its root volume too: " + blocked);
    assertEquals(
        ConditionStatus.True,
        condition(image(), ConditionTypes.READY).orElseThrow().status,
        "the node daemon's Ready is left alone");
    await(
        "the offering's deletion blocked",
        WAIT,
        () -> "InUse".equals(condition(offering(), ConditionTypes.READY).orElseThrow().reason),
        this::offering);
    assertTrue(
        condition(offering(), ConditionTypes.READY).orElseThrow().message.contains("cascade/user"));
    await(
        "Warning Events DeletionBlocked",
        WAIT,
        () ->
            !plane.events(image(), "DeletionBlocked").isEmpty()
                && !plane.events(offering(), "DeletionBlocked").isEmpty());
    assertEquals("Warning", plane.events(image(), "DeletionBlocked").get(0).getType());
    assertNotNull(image().getMetadata().getDeletionTimestamp());
    assertNotNull(offering().getMetadata().getDeletionTimestamp());

    plane.client.resource(vm).delete();
    await(
        "image and offering gone with their last user",
        WAIT,
        () -> image() == null && offering() == null,
        () -> List.of(String.valueOf(image()), String.valueOf(offering())));
  }

  @Test
  @Order(2)
  void l3InUseIsRefusedUnlessForced() throws Exception {
    plane.client.resource(l3("extra-l3", "flat-l2", "10.30.0")).create();
    plane.client.resource(ControlPlane.vm(NS, "nic-user", "extra-l3")).create();
    await("VM nic-user Ready", WAIT, () -> plane.vmReady(NS, "nic-user"));

    plane.client.resource(extraL3()).delete();
    await(
        "the L3 network's deletion blocked",
        WAIT,
        () -> "InUse".equals(condition(extraL3(), ConditionTypes.READY).orElseThrow().reason),
        this::extraL3);
    assertTrue(
        condition(extraL3(), ConditionTypes.READY).orElseThrow().message.contains("nic-user"));
    await(
        "Warning Event DeletionBlocked",
        WAIT,
        () -> !plane.events(extraL3(), "DeletionBlocked").isEmpty());
    Thread.sleep(1000);
    assertNotNull(extraL3(), "still there while the VM uses it");

    Conflicts.retry(
        () ->
            plane
                .client
                .resources(L3Network.class)
                .withName("extra-l3")
                .edit(
                    n -> {
                      n.getMetadata()
                          .setAnnotations(Map.of(L3NetworkReconciler.FORCE_DELETE, "true"));
                      return n;
                    }));
    await("the forced L3 network gone", WAIT, () -> extraL3() == null, this::extraL3);
    assertNotNull(vm("nic-user"), "the VM survives a forced deletion of its network");

    plane.client.resource(vm("nic-user")).delete();
    await(
        "VM nic-user and its address gone",
        WAIT,
        () ->
            vm("nic-user") == null
                && plane
                    .client
                    .resources(IpAddress.class)
                    .withLabel(Labels.L3_NETWORK, "extra-l3")
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  @Order(3)
  void deletingAnL2NetworkDeletesItsL3NetworksEvenInUse() throws Exception {
    L2Network l2 = new L2Network();
    l2.setMetadata(new ObjectMetaBuilder().withName("extra-l2").build());
    l2.setSpec(new L2NetworkSpec());
    l2.getSpec().zoneRef = "zone-1";
    l2.getSpec().type = L2NetworkType.NoVlan;
    l2.getSpec().physicalInterface = "kumo1";
    plane.client.resource(l2).create();
    Conflicts.retry(
        () ->
            plane
                .client
                .resources(Cluster.class)
                .withName("cluster-1")
                .edit(
                    c -> {
                      c.getSpec().l2NetworkRefs = List.of("flat-l2", "extra-l2");
                      return c;
                    }));
    L3Network l3 = l3("beneath-l2", "extra-l2", "10.40.0");
    plane.client.resource(l3).create();
    plane.client.resource(ControlPlane.vm(NS, "beneath", "beneath-l2")).create();
    await("VM beneath Ready", WAIT, () -> plane.vmReady(NS, "beneath"));
    L3Network used = plane.client.resources(L3Network.class).withName("beneath-l2").get();
    assertTrue(finalizers(used).contains(Finalizers.IN_USE), "the L3 network is in use");
    assertTrue(
        ownedBy(used, plane.client.resources(L2Network.class).withName("extra-l2").get()),
        "the L3 network is owned by its L2 network");

    plane.client.resources(L2Network.class).withName("extra-l2").delete();
    await(
        "the L3 network in use gone with its L2 network",
        WAIT,
        () -> plane.client.resources(L3Network.class).withName("beneath-l2").get() == null,
        () -> plane.client.resources(L3Network.class).withName("beneath-l2").get());
    assertNotNull(vm("beneath"), "the VM survives (ZStack detaches its NIC)");

    plane.client.resource(vm("beneath")).delete();
    Conflicts.retry(
        () ->
            plane
                .client
                .resources(Cluster.class)
                .withName("cluster-1")
                .edit(
                    c -> {
                      c.getSpec().l2NetworkRefs = List.of("flat-l2");
                      return c;
                    }));
    await("VM beneath gone", WAIT, () -> vm("beneath") == null);
  }

  @Test
  @Order(4)
  void deletingTheZoneDeletesEverythingBeneathIt() throws Exception {
    for (int i = 0; i < 4; i++) {
      VmInstance vm = ControlPlane.vm(NS, "vm-" + i, "private-l3");
      if (i == 0) {
        vm.getSpec().dataDiskOfferingRefs = List.of("disk-1g");
      }
      plane.client.resource(vm).create();
    }
    await(
        "4 VMs Ready",
        WAIT,
        () ->
            vms().stream().filter(v -> plane.vmReady(NS, v.getMetadata().getName())).count() == 4);
    assertEquals(5, volumes().size(), "4 root volumes and a data volume");
    assertEquals(4, addresses().size());

    Zone zone = plane.client.resources(Zone.class).withName("zone-1").get();
    L2Network l2 = plane.client.resources(L2Network.class).withName("flat-l2").get();
    Cluster cluster = plane.client.resources(Cluster.class).withName("cluster-1").get();
    await(
        "ownerReferences written",
        WAIT,
        () ->
            ownedBy(plane.client.resources(Cluster.class).withName("cluster-1").get(), zone)
                && ownedBy(plane.client.resources(L2Network.class).withName("flat-l2").get(), zone)
                && ownedBy(
                    plane.client.resources(PrimaryStorage.class).withName("local-ps").get(), zone)
                && ownedBy(plane.client.resources(L3Network.class).withName("private-l3").get(), l2)
                && plane.client.resources(Host.class).list().getItems().stream()
                    .allMatch(h -> ownedBy(h, cluster)));
    OwnerReference ref =
        plane
            .client
            .resources(Cluster.class)
            .withName("cluster-1")
            .get()
            .getMetadata()
            .getOwnerReferences()
            .get(0);
    assertEquals(List.of("Zone", "zone-1"), List.of(ref.getKind(), ref.getName()));
    assertNull(ref.getBlockOwnerDeletion(), "the zone is not held up by its children");
    assertNull(ref.getController());
    BackupStorage bs = plane.client.resources(BackupStorage.class).withName("image-store").get();
    assertTrue(
        bs.getMetadata().getOwnerReferences() == null
            || bs.getMetadata().getOwnerReferences().isEmpty(),
        "backup storage has no parent in ZStack");
    assertTrue(
        vms().stream().allMatch(v -> ownedBy(v, zone)), "every placed VM is owned by the zone");

    plane.client.resource(zone).delete();
    await(
        "nothing left beneath the zone",
        Duration.ofSeconds(45),
        () -> leftovers().isEmpty(),
        CascadeIT::leftovers);

    assertNotNull(
        plane.client.resources(BackupStorage.class).withName("image-store").get(),
        "backup storage stays");
    Image image = plane.client.resources(Image.class).withName("kumo-test-guest").get();
    assertNotNull(image, "images stay");
    assertFalse(finalizers(image).contains(Finalizers.IN_USE), "the image is unused now");
    assertNotNull(plane.client.resources(InstanceOffering.class).withName("small").get());
    await(
        "the offerings released",
        WAIT,
        () ->
            !finalizers(plane.client.resources(InstanceOffering.class).withName("small").get())
                    .contains(Finalizers.IN_USE)
                && !finalizers(plane.client.resources(DiskOffering.class).withName("disk-1g").get())
                    .contains(Finalizers.IN_USE));
  }

  // -----------------------------------------------------------------------------------------------

  /** An L3 network on {@code l2} with addresses .10 to .50 of the /24 {@code prefix}.0. */
  private static L3Network l3(String name, String l2, String prefix) {
    L3Network l3 = new L3Network();
    l3.setMetadata(new ObjectMetaBuilder().withName(name).build());
    l3.setSpec(new L3NetworkSpec());
    l3.getSpec().l2NetworkRef = l2;
    IpRange range = new IpRange();
    range.name = name;
    range.startIp = prefix + ".10";
    range.endIp = prefix + ".50";
    range.netmask = "255.255.255.0";
    range.gateway = prefix + ".1";
    l3.getSpec().ipRanges = List.of(range);
    return l3;
  }

  /** What still exists that deleting zone-1 should have removed. */
  private static List<String> leftovers() {
    List<String> left = new ArrayList<>();
    for (Class<? extends HasMetadata> type :
        List.of(
            Zone.class,
            Cluster.class,
            Host.class,
            PrimaryStorage.class,
            L2Network.class,
            L3Network.class,
            IpAddress.class)) {
      plane.client.resources(type).list().getItems().forEach(o -> left.add(describe(o)));
    }
    vms().forEach(v -> left.add(describe(v)));
    volumes().forEach(v -> left.add(describe(v)));
    for (String h : plane.fleet.hosts()) {
      plane
          .fleet
          .driver(h)
          .compute()
          .list()
          .forEach(d -> left.add("domain " + d.uid() + " on " + h));
      plane
          .fleet
          .driver(h)
          .storage()
          .list()
          .forEach(f -> left.add("volume file " + f + " on " + h));
    }
    return left;
  }

  private static String describe(HasMetadata o) {
    return o.getKind()
        + " "
        + o.getMetadata().getName()
        + (o.getMetadata().getDeletionTimestamp() == null
            ? ""
            : " (deleting, finalizers " + o.getMetadata().getFinalizers() + ")");
  }

  private static boolean ownedBy(HasMetadata child, HasMetadata parent) {
    return child != null
        && child.getMetadata().getOwnerReferences() != null
        && child.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> parent.getMetadata().getUid().equals(r.getUid()));
  }

  private static List<String> finalizers(HasMetadata o) {
    return o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
  }

  private static Optional<Condition> condition(HasMetadata o, String type) {
    KumoStatus status = (KumoStatus) ((CustomResource<?, ?>) o).getStatus();
    return status == null ? Optional.empty() : Conditions.find(status.conditions, type);
  }

  private Image image() {
    return plane.client.resources(Image.class).withName("used-image").get();
  }

  private InstanceOffering offering() {
    return plane.client.resources(InstanceOffering.class).withName("used-offering").get();
  }

  private L3Network extraL3() {
    return plane.client.resources(L3Network.class).withName("extra-l3").get();
  }

  private static VmInstance vm(String name) {
    return plane.client.resources(VmInstance.class).inNamespace(NS).withName(name).get();
  }

  private static List<VmInstance> vms() {
    return plane.client.resources(VmInstance.class).inNamespace(NS).list().getItems();
  }

  private static List<Volume> volumes() {
    return plane.client.resources(Volume.class).inNamespace(NS).list().getItems();
  }

  private static List<IpAddress> addresses() {
    return plane
        .client
        .resources(IpAddress.class)
        .withLabel(Labels.L3_NETWORK, "private-l3")
        .list()
        .getItems();
  }
}
