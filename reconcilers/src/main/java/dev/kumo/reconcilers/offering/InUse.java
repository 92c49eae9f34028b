package dev.kumo.reconcilers.offering;

import dev.kumo.api.Finalizers;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * In-use protection (ZStack's {@code deletion.check} cascade): an object that others refer to
 * carries finalizer {@link Finalizers#IN_USE} while they do, so that deleting it waits until the
 * last user is gone. The finalizer is put on when the first user appears and taken off when the
 * last one goes, so an unused object deletes at once.
 */
public final class InUse {
  /** How many users a message names before it says "and N more". */
  public static final int NAMED_USERS = 5;

  private InUse() {}

  /**
   * What to do with the finalizer.
   *
   * @param add put the finalizer on
   * @param remove take the finalizer off
   * @param blocked the object is being deleted and waits for its users
   */
  public record Decision(boolean add, boolean remove, boolean blocked) {}

  /**
   * The finalizer decision.
   *
   * @param hasFinalizer whether the object carries {@link Finalizers#IN_USE}
   * @param deleting whether the object has a deletionTimestamp
   * @param inUse whether anything refers to it
   * @param force whether deletion was forced (the users are left to cope)
   */
  public static Decision decide(
      boolean hasFinalizer, boolean deleting, boolean inUse, boolean force) {
    if (deleting) {
      boolean release = !inUse || force;
      return new Decision(false, release && hasFinalizer, !release);
    }
    return new Decision(inUse && !hasFinalizer, !inUse && hasFinalizer, false);
  }

  /** Whether the object carries {@link Finalizers#IN_USE}. */
  public static boolean hasFinalizer(HasMetadata object) {
    return object.getMetadata().getFinalizers() != null
        && object.getMetadata().getFinalizers().contains(Finalizers.IN_USE);
  }

  /** Whether the object is being deleted. */
  public static boolean deleting(HasMetadata object) {
    return object.getMetadata().getDeletionTimestamp() != null;
  }

  /**
   * The message of a blocked deletion, e.g. "deletion is blocked: InstanceOffering small is used by
   * 2 VmInstances: default/a, default/b".
   *
   * @param users the users, sorted, as {@code Kind namespace/name}
   */
  public static String blockedMessage(HasMetadata object, List<String> users) {
    return "deletion is blocked: "
        + object.getKind()
        + " "
        + object.getMetadata().getName()
        + " is in use by "
        + users.size()
        + (users.size() == 1 ? " object: " : " objects: ")
        + StatusConditions.names(users, NAMED_USERS);
  }

  /** A user's name for messages: {@code Kind namespace/name} or {@code Kind name}. */
  public static String user(HasMetadata user) {
    String ns = user.getMetadata().getNamespace();
    return user.getKind() + " " + (ns == null ? "" : ns + "/") + user.getMetadata().getName();
  }

  /**
   * Puts on or takes off the finalizer as decided.
   *
   * @return the object as written, the unchanged object, or null when it is gone
   */
  public static <T extends HasMetadata> T apply(KubernetesClient client, T object, Decision d) {
    if (!d.add() && !d.remove()) {
      return object;
    }
    return Writes.object(
        client,
        object,
        o -> {
          List<String> finalizers =
              o.getMetadata().getFinalizers() == null
                  ? new ArrayList<>()
                  : new ArrayList<>(o.getMetadata().getFinalizers());
          if (d.add() && !finalizers.contains(Finalizers.IN_USE)) {
            finalizers.add(Finalizers.IN_USE);
          }
          if (d.remove()) {
            finalizers.remove(Finalizers.IN_USE);
          }
          o.getMetadata().setFinalizers(finalizers);
          return true;
        });
  }
}
