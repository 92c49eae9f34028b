package dev.kumo.reconcilers.infra;

import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ZStack's cascade edges as ownerReferences, so that the API server's garbage collector deletes
 * what hangs beneath a deleted object: a Cluster and a PrimaryStorage and an L2Network beneath
 * their Zone, a Host beneath its Cluster, an L3Network beneath its L2Network. A reconciler names
 * the parent its spec refers to; the reference carries the parent's uid, without {@code controller}
 * or {@code blockOwnerDeletion} (a parent is not held up by its children).
 *
 * <p>The parent is adopted only while it exists and is not being deleted: a parent being deleted
 * with {@code propagationPolicy: Orphan} has its references stripped by the collector, and adding
 * one back would make the collector delete the child after all. A reference of the parent's kind to
 * another name (a spec that now names another parent) is removed. A reference to the named parent
 * with another uid is kept: that parent was deleted, and the collector is deleting the child with
 * it, as ZStack deletes everything beneath a deleted zone.
 */
public final class Owners {
  private Owners() {}

  /**
   * The owner references {@code child} should carry, or empty when its references are right.
   *
   * @param current the child's references (null for none)
   * @param kind the parent's kind
   * @param parentName the parent the child's spec names (null for none)
   * @param parent that parent as cached, or null when it does not exist
   */
  public static Optional<List<OwnerReference>> reconcile(
      List<OwnerReference> current, String kind, String parentName, HasMetadata parent) {
    List<OwnerReference> refs = current == null ? new ArrayList<>() : new ArrayList<>(current);
    boolean changed =
        refs.removeIf(r -> kind.equals(r.getKind()) && !r.getName().equals(parentName));
    boolean named = refs.stream().anyMatch(r -> kind.equals(r.getKind()));
    if (!named && adoptable(parent, kind, parentName)) {
      refs.add(reference(parent));
      changed = true;
    }
    return changed ? Optional.of(refs) : Optional.empty();
  }

  private static boolean adoptable(HasMetadata parent, String kind, String parentName) {
    return parent != null
        && parentName != null
        && kind.equals(parent.getKind())
        && parentName.equals(parent.getMetadata().getName())
        && parent.getMetadata().getUid() != null
        && parent.getMetadata().getDeletionTimestamp() == null;
  }

  /** A plain owner reference to {@code parent}: no controller, no blockOwnerDeletion. */
  public static OwnerReference reference(HasMetadata parent) {
    return new OwnerReferenceBuilder()
        .withApiVersion(parent.getApiVersion())
        .withKind(parent.getKind())
        .withName(parent.getMetadata().getName())
        .withUid(parent.getMetadata().getUid())
        .build();
  }

  /**
   * Writes the references {@link #reconcile} asks for (nothing when they are right).
   *
   * @param type the parent's kind
   * @param parentName the parent the child's spec names
   * @param parent that parent as cached, or null when it does not exist
   * @return the child as written, the unchanged child, or null when it is gone
   */
  public static <T extends HasMetadata> T ensure(
      KubernetesClient client,
      T child,
      Class<? extends HasMetadata> type,
      String parentName,
      HasMetadata parent) {
    String kind = HasMetadata.getKind(type);
    if (reconcile(child.getMetadata().getOwnerReferences(), kind, parentName, parent).isEmpty()) {
      return child;
    }
    return Writes.object(
        client,
        child,
        c -> {
          Optional<List<OwnerReference>> refs =
              reconcile(c.getMetadata().getOwnerReferences(), kind, parentName, parent);
          refs.ifPresent(r -> c.getMetadata().setOwnerReferences(r));
          return refs.isPresent();
        });
  }

  /**
   * Whether the owner of {@code kind} that {@code child} refers to is gone or being deleted: the
   * child is then deleted by the cascade, not by a user.
   *
   * @param owner the cached object of that kind with the referenced name, or null
   */
  public static boolean ownerGoing(
      HasMetadata child, Class<? extends HasMetadata> type, HasMetadata owner) {
    String kind = HasMetadata.getKind(type);
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    if (refs == null) {
      return false;
    }
    return refs.stream()
        .filter(r -> kind.equals(r.getKind()))
        .anyMatch(
            r ->
                owner == null
                    || !Objects.equals(r.getUid(), owner.getMetadata().getUid())
                    || owner.getMetadata().getDeletionTimestamp() != null);
  }

  /** The name of the owner of this kind that {@code child} refers to, or null. */
  public static String ownerName(HasMetadata child, Class<? extends HasMetadata> type) {
    String kind = HasMetadata.getKind(type);
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    return refs == null
        ? null
        : refs.stream()
            .filter(r -> kind.equals(r.getKind()))
            .map(OwnerReference::getName)
            .findFirst()
            .orElse(null);
  }
}
