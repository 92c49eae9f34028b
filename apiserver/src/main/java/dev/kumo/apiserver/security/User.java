package dev.kumo.apiserver.security;

import java.util.List;
import java.util.Objects;

/**
 * An authenticated user, as Kubernetes' {@code user.Info}: the name RBAC and audit see, a unique id
 * and the groups (e.g. {@code system:masters}).
 *
 * @param name the user name, never empty
 * @param uid the user's unique id (may be empty, as in kube's static token file)
 * @param groups the groups the user belongs to
 */
public record User(String name, String uid, List<String> groups) {
  /** Validates the name and copies the groups. */
  public User {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty user name");
    }
    uid = Objects.requireNonNullElse(uid, "");
    groups = List.copyOf(groups);
  }
}
