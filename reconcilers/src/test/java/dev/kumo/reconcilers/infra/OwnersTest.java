package dev.kumo.reconcilers.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.L2Network;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnersTest {
  private static Zone zone(String name, String uid) {
    Zone z = new Zone();
    z.setMetadata(new ObjectMetaBuilder().withName(name).withUid(uid).build());
    return z;
  }

  private static OwnerReference ref(String kind, String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion("infra.kumo.dev/v1alpha1")
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .build();
  }

  @Test
  void adoptsAnExistingParentWithAPlainReference() {
    Optional<List<OwnerReference>> refs =
        Owners.reconcile(null, "Zone", "zone-1", zone("zone-1", "u1"));
    assertTrue(refs.isPresent());
    OwnerReference r = refs.get().get(0);
    assertEquals(
        List.of("infra.kumo.dev/v1alpha1", "Zone", "zone-1", "u1"),
        List.of(r.getApiVersion(), r.getKind(), r.getName(), r.getUid()));
    assertNull(r.getController(), "not the controller");
    assertNull(r.getBlockOwnerDeletion(), "does not block the parent's deletion");
  }

  @Test
  void writesNothingWhenTheReferenceIsRight() {
    assertEquals(
        Optional.empty(),
        Owners.reconcile(
            List.of(ref("Zone", "zone-1", "u1")), "Zone", "zone-1", zone("zone-1", "u1")));
  }

  @Test
  void writesNothingWithoutAParent() {
    assertEquals(Optional.empty(), Owners.reconcile(List.of(), "Zone", "zone-1", null));
  }

  @Test
  void doesNotAdoptAParentBeingDeleted() {
    Zone going = zone("zone-1", "u1");
    going.getMetadata().setDeletionTimestamp("2024-01-01T00:00:00Z");
    assertEquals(Optional.empty(), Owners.reconcile(null, "Zone", "zone-1", going));
  }

  @Test
  void replacesAReferenceToAnotherParentAndKeepsOtherKinds() {
    OwnerReference other = ref("Stack", "web", "s1");
    Optional<List<OwnerReference>> refs =
        Owners.reconcile(
            List.of(ref("Zone", "zone-0", "u0"), other), "Zone", "zone-1", zone("zone-1", "u1"));
    assertEquals(List.of(other, ref("Zone", "zone-1", "u1")), refs.orElseThrow());
  }

  @Test
  void dropsAStaleReferenceEvenWithoutTheNewParent() {
    assertEquals(
        Optional.of(List.of()),
        Owners.reconcile(List.of(ref("Zone", "zone-0", "u0")), "Zone", "zone-1", null));
  }

  @Test
  void keepsAReferenceToADeletedParentOfTheSameName() {
    // zone-1 was deleted and made again: the garbage collector deletes the child with the old one
    assertEquals(
        Optional.empty(),
        Owners.reconcile(
            List.of(ref("Zone", "zone-1", "old")), "Zone", "zone-1", zone("zone-1", "new")));
  }

  @Test
  void ownerGoingWhenAbsentReplacedOrBeingDeleted() {
    L2Network l2 = new L2Network();
    l2.setMetadata(
        new ObjectMetaBuilder()
            .withName("l2")
            .withOwnerReferences(ref("Zone", "zone-1", "u1"))
            .build());
    assertFalse(Owners.ownerGoing(l2, Zone.class, zone("zone-1", "u1")));
    assertTrue(Owners.ownerGoing(l2, Zone.class, null));
    assertTrue(Owners.ownerGoing(l2, Zone.class, zone("zone-1", "u2")));
    Zone going = zone("zone-1", "u1");
    going.getMetadata().setDeletionTimestamp("2024-01-01T00:00:00Z");
    assertTrue(Owners.ownerGoing(l2, Zone.class, going));
    assertFalse(Owners.ownerGoing(l2, Cluster.class, null), "no owner of that kind");
    assertEquals("zone-1", Owners.ownerName(l2, Zone.class));
  }
}
