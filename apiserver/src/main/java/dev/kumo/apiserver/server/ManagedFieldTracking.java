package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.patch.managed.FieldManager;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.FieldTracking;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FieldTracking} by structured-merge-diff's rules, one field manager per served kind. */
final class ManagedFieldTracking implements FieldTracking {
  private final Map<Identity, FieldManager> managers = new ConcurrentHashMap<>();

  /** Types are compared by identity: a record's deep hash of a whole schema is too slow here. */
  private record Identity(ResourceType type) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.type == type;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(type);
    }
  }

  private FieldManager manager(ResourceType type) {
    return managers.computeIfAbsent(
        new Identity(type),
        k ->
            new FieldManager(
                type.schema(), type.apiVersion(), type.kind(), type.statusSubresource()));
  }

  @Override
  public ObjectNode trackUpdate(
      ResourceType type,
      ObjectNode oldObject,
      ObjectNode newObject,
      String manager,
      String subresource,
      Instant now) {
    return manager(type).trackUpdate(oldObject, newObject, manager, subresource, now);
  }

  @Override
  public ObjectNode apply(
      ResourceType type,
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String subresource,
      Instant now) {
    return manager(type).apply(live, applied, manager, force, subresource, now).object();
  }
}
