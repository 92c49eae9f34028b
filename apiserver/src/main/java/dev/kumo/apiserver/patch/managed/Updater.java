package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.apiserver.patch.managed.ManagedFields.ManagerId;
import dev.kumo.apiserver.patch.managed.ManagedFields.VersionedSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * structured-merge-diff's {@code merge.Updater} for one resource type: computes the fields each
 * manager owns after an update, and merges applied configurations (with conflict detection and
 * removal of the fields an applier stopped applying).
 *
 * <p>All API versions of a type are compared with this type's schema, which is exact for CRDs whose
 * versions share list and map semantics ({@code conversion: None}).
 */
final class Updater {
  private final SmdType type;
  private final FieldSet ignored;

  /**
   * @param type the resource type
   * @param ignored the reset fields of the endpoint (status on the main resource of a type with a
   *     status subresource, spec on {@code /status}); never owned, never conflicting
   */
  Updater(SmdType type, FieldSet ignored) {
    this.type = type;
    this.ignored = ignored;
  }

  /** One field another manager owns and the write changes. */
  record Conflict(ManagerId manager, List<PathElement> path) {}

  /** An apply that changes fields other managers own. */
  static final class ConflictsException extends RuntimeException {
    final List<Conflict> conflicts;

    ConflictsException(List<Conflict> conflicts) {
      super(conflicts.size() + " conflict(s)");
      this.conflicts = List.copyOf(conflicts);
    }
  }

  /** The merged object of an apply (null when it equals the live object) and the new owners. */
  record ApplyOutcome(JsonNode object, Map<ManagerId, VersionedSet> managers) {}

  private Comparison update(
      JsonNode oldObject,
      JsonNode newObject,
      Map<ManagerId, VersionedSet> managers,
      ManagerId workflow,
      boolean force) {
    Comparison compare = TypedValues.compare(oldObject, newObject, type).excluding(ignored);
    Map<ManagerId, FieldSet> conflicts = new LinkedHashMap<>();
    FieldSet changed = compare.modified().union(compare.added());
    for (Map.Entry<ManagerId, VersionedSet> e : managers.entrySet()) {
      if (e.getKey().equals(workflow)) {
        continue;
      }
      FieldSet conflictSet = e.getValue().set().intersection(changed);
      if (!conflictSet.isEmpty()) {
        conflicts.put(e.getKey(), conflictSet);
      }
    }
    if (!force && !conflicts.isEmpty()) {
      List<Conflict> list = new ArrayList<>();
      conflicts.forEach(
          (manager, set) -> set.forEachPath(path -> list.add(new Conflict(manager, path))));
      throw new ConflictsException(list);
    }
    for (Map.Entry<ManagerId, VersionedSet> e : new ArrayList<>(managers.entrySet())) {
      if (e.getKey().equals(workflow)) {
        continue;
      }
      FieldSet set = e.getValue().set();
      FieldSet conflictSet = conflicts.get(e.getKey());
      if (conflictSet != null) {
        set = set.difference(conflictSet);
      }
      if (!compare.removed().isEmpty()) {
        set = set.difference(compare.removed());
      }
      managers.put(
          e.getKey(), new VersionedSet(set, e.getValue().apiVersion(), e.getValue().applied()));
    }
    managers.values().removeIf(vs -> vs.set().isEmpty());
    return compare;
  }

  /** SMD's {@code Updater.Update}: ownership after a non-apply write by {@code manager}. */
  Map<ManagerId, VersionedSet> update(
      JsonNode liveObject,
      JsonNode newObject,
      String version,
      Map<ManagerId, VersionedSet> managers,
      ManagerId manager) {
    Map<ManagerId, VersionedSet> out = new LinkedHashMap<>(managers);
    Comparison compare = update(liveObject, newObject, out, manager, true);
    VersionedSet previous = out.get(manager);
    FieldSet set = previous == null ? new FieldSet() : previous.set();
    set =
        set.union(compare.modified())
            .union(compare.added())
            .difference(compare.removed())
            .recursiveDifference(ignored);
    if (set.isEmpty()) {
      out.remove(manager);
    } else {
      out.put(manager, new VersionedSet(set, version, false));
    }
    return out;
  }

  /** SMD's {@code Updater.Apply}: merges {@code config} into the live object. */
  ApplyOutcome apply(
      JsonNode liveObject,
      JsonNode configObject,
      String version,
      Map<ManagerId, VersionedSet> managers,
      ManagerId manager,
      boolean force) {
    Map<ManagerId, VersionedSet> out = new LinkedHashMap<>(managers);
    JsonNode newObject = TypedValues.merge(liveObject, configObject, type);
    VersionedSet lastSet = out.get(manager);
    FieldSet set = TypedValues.toFieldSet(configObject, type).recursiveDifference(ignored);
    out.put(manager, new VersionedSet(set, version, true));
    newObject = prune(newObject, out, lastSet);
    update(liveObject, newObject, out, manager, force);
    if (GoValues.equal(liveObject, newObject)) {
      newObject = null;
    }
    return new ApplyOutcome(newObject, out);
  }

  /**
   * Removes the fields the applier applied last time but not now, unless another manager (or the
   * new configuration) owns them.
   */
  private JsonNode prune(
      JsonNode merged, Map<ManagerId, VersionedSet> managers, VersionedSet lastSet) {
    if (lastSet == null || lastSet.set().isEmpty()) {
      return merged;
    }
    JsonNode pruned =
        TypedValues.removeItems(merged, lastSet.set().ensureNamedFieldsAreMembers(type), type);
    pruned = addBackOwnedItems(merged, pruned, managers);
    return addBackDanglingItems(merged, pruned, lastSet);
  }

  private JsonNode addBackOwnedItems(
      JsonNode merged, JsonNode pruned, Map<ManagerId, VersionedSet> managers) {
    FieldSet managed = new FieldSet();
    for (VersionedSet vs : managers.values()) {
      managed = managed.union(vs.set());
    }
    FieldSet mergedSet = TypedValues.toFieldSet(merged, type).ensureNamedFieldsAreMembers(type);
    FieldSet prunedSet = TypedValues.toFieldSet(pruned, type).ensureNamedFieldsAreMembers(type);
    FieldSet toRemove =
        mergedSet.difference(prunedSet.union(managed.ensureNamedFieldsAreMembers(type)));
    return TypedValues.removeItems(merged, toRemove, type);
  }

  private JsonNode addBackDanglingItems(JsonNode merged, JsonNode pruned, VersionedSet lastSet) {
    FieldSet prunedSet = TypedValues.toFieldSet(pruned, type).ensureNamedFieldsAreMembers(type);
    FieldSet mergedSet = TypedValues.toFieldSet(merged, type).ensureNamedFieldsAreMembers(type);
    FieldSet last = lastSet.set().ensureNamedFieldsAreMembers(type);
    return TypedValues.removeItems(
        merged, mergedSet.difference(prunedSet).intersection(last), type);
  }
}
