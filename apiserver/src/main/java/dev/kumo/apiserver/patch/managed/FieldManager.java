package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.patch.managed.ManagedFields.ManagerId;
import dev.kumo.apiserver.patch.managed.ManagedFields.VersionedSet;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.schema.StructuralSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field ownership for one resource type, as kube-apiserver's default field manager tracks it: the
 * {@code metadata.managedFields} of every write, and server-side apply.
 *
 * <p>It runs the same chain of steps as {@code k8s.io/apimachinery/pkg/util/managedfields}: version
 * check, last-applied annotation upgrade and sync for {@code kubectl}, {@code before-first-apply}
 * for objects without managed fields, the cap of ten update entries ({@code ancient-changes}),
 * manager identities per operation, API version and subresource, timestamps only for entries that
 * changed, removal of metadata that is never tracked, and structured-merge-diff. Objects are
 * expected as they reach kube's field manager: decoded, pruned and defaulted for updates; raw for
 * applied configurations.
 */
public final class FieldManager {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final ManagerId CURRENT_OPERATION = new ManagerId("current-operation", "", "", "");
  private static final int MAX_UPDATE_MANAGERS = 10;
  private static final long MAX_ANNOTATIONS_BYTES = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fields no entry ever owns (kube's {@code stripMetaManager}). */
  private static final FieldSet STRIPPED = stripSet();

  private final SmdType type;
  private final String apiVersion;
  private final String kind;
  private final boolean statusSubresource;

  /**
   * @param schema the CRD version's structural schema (null: any object)
   * @param apiVersion the served {@code group/version}
   * @param kind the kind
   * @param statusSubresource whether the type has a status subresource
   */
  public FieldManager(
      StructuralSchema schema, String apiVersion, String kind, boolean statusSubresource) {
    this.type = SchemaTypes.forResource(schema);
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.statusSubresource = statusSubresource;
  }

  private static FieldSet stripSet() {
    FieldSet s = new FieldSet();
    s.insert(List.of(PathElement.field("apiVersion")));
    s.insert(List.of(PathElement.field("kind")));
    s.insert(List.of(PathElement.field("metadata")));
    for (String f :
        List.of(
            "name",
            "namespace",
            "creationTimestamp",
            "selfLink",
            "uid",
            "clusterName",
            "generation",
            "managedFields",
            "resourceVersion")) {
      s.insert(List.of(PathElement.field("metadata"), PathElement.field(f)));
    }
    return s;
  }

  /**
   * Records a non-apply write (create, update, merge or JSON patch) as kube's {@code
   * FieldManager.UpdateNoErrors} does.
   *
   * <p>The fields the write added or changed join the manager's {@code Update} entry (its time
   * moves to {@code now}) and leave every other entry; removed fields leave all entries; empty
   * entries disappear. When the request carries {@code managedFields} of its own (main resource
   * only), they replace the stored ones, and {@code []} or {@code [{}]} clears them; an object
   * without managed fields is then not tracked until the next apply. If either object does not fit
   * the schema, the stored managed fields are kept.
   *
   * @param live the stored object, or null on create
   * @param newObj the object about to be stored
   * @param manager the field manager ({@code unknown} when empty)
   * @param subresource null or "" for the main resource, else e.g. "status"
   * @param now the time of the write (kept to the second)
   * @return a copy of {@code newObj} with {@code metadata.managedFields} set (or removed)
   */
  public ObjectNode trackUpdate(
      ObjectNode live, ObjectNode newObj, String manager, String subresource, Instant now) {
    ObjectNode liveObj = live != null ? live : emptyObject(apiVersion, kind);
    String sub = subresource == null ? "" : subresource;
    ObjectNode result = newObj.deepCopy();
    ManagedFields managed = decodeLiveOrNew(liveObj, newObj, !sub.isEmpty());
    removeManagedFields(result);
    try {
      if (managed.fields.isEmpty() && !text(liveObj.path("metadata").get("uid")).isEmpty()) {
        return result;
      }
      managed = updateAndCap(liveObj, result, managed, manager, sub, truncate(now));
      setManagedFields(result, managed.encode());
    } catch (TypedValueException e) {
      JsonNode stored = liveObj.path("metadata").get("managedFields");
      if (stored != null) {
        ((ObjectNode) result.withObjectProperty("metadata"))
            .set("managedFields", stored.deepCopy());
      }
    }
    return result;
  }

  /**
   * Server-side apply as kube's {@code FieldManager.Apply}: merges {@code applied} into the live
   * object with structured-merge-diff semantics and records the manager's {@code Apply} entry.
   *
   * <p>On the main resource of a type with a status subresource the applied status is ignored; on
   * {@code /status} only the status is taken (the rest of the result is the live object), as the
   * custom resource strategies then enforce.
   *
   * @param live the stored object, or null when the apply creates it
   * @param applied the applied configuration, as decoded from the request (not pruned)
   * @param manager the field manager ({@code unknown} when empty)
   * @param force whether to take ownership of conflicting fields
   * @param subresource null or "" for the main resource, else "status"
   * @param now the time of the write (kept to the second)
   * @throws ApiException 409 Conflict with one {@code FieldManagerConflict} cause per field; 400
   *     for a wrong apiVersion/kind or an applied {@code managedFields}; 500 when an object does
   *     not fit the schema (kube's typed-conversion errors)
   */
  public ApplyResult apply(
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String subresource,
      Instant now) {
    String sub = subresource == null ? "" : subresource;
    Instant time = truncate(now);
    ObjectNode liveObj = live != null ? live.deepCopy() : emptyObject(apiVersion, kind);
    ManagedFields managed;
    try {
      managed = ManagedFields.decode(liveObj.path("metadata").get("managedFields"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(500, "", "failed to decode managed fields: " + e.getMessage());
    }
    if (!apiVersion.equals(text(applied.get("apiVersion")))
        || !kind.equals(text(applied.get("kind")))) {
      throw ApiException.badRequest("invalid object type: " + gvk(applied));
    }
    Outcome outcome;
    try {
      outcome = applyUpgradingLastApplied(liveObj, applied, managed, manager, force, sub, time);
    } catch (Updater.ConflictsException e) {
      throw conflictError(e.conflicts);
    }
    ObjectNode object = outcome.object();
    if ("kubectl".equals(manager) && hasLastApplied(object)) {
      setLastApplied(object, lastAppliedValue(applied));
    }
    setManagedFields(object, outcome.managed().encode());
    return new ApplyResult(resetStatus(live, object, sub), outcome.changed());
  }

  private record Outcome(ObjectNode object, ManagedFields managed, boolean changed) {}

  /** kube's {@code lastAppliedManager}: kubectl may take over fields of client-side apply. */
  private Outcome applyUpgradingLastApplied(
      ObjectNode liveObj,
      ObjectNode applied,
      ManagedFields managed,
      String manager,
      boolean force,
      String sub,
      Instant now) {
    try {
      return applyFromFirst(liveObj, applied, managed.copy(), manager, force, sub, now);
    } catch (Updater.ConflictsException e) {
      if (!"kubectl".equals(manager)) {
        throw e;
      }
      FieldSet allowed = allowedConflictsFromLastApplied(liveObj);
      if (allowed == null) {
        throw e;
      }
      FieldSet conflictSet = new FieldSet();
      e.conflicts.forEach(c -> conflictSet.insert(c.path()));
      if (!conflictSet.difference(allowed).isEmpty()) {
        List<Updater.Conflict> remaining = new ArrayList<>();
        for (Updater.Conflict c : e.conflicts) {
          if (!allowed.has(c.path())) {
            remaining.add(c);
          }
        }
        throw new Updater.ConflictsException(remaining);
      }
      return applyFromFirst(liveObj, applied, managed.copy(), manager, true, sub, now);
    }
  }

  /** kube's {@code skipNonAppliedManager.Apply}: existing fields go to before-first-apply. */
  private Outcome applyFromFirst(
      ObjectNode liveObj,
      ObjectNode applied,
      ManagedFields managed,
      String manager,
      boolean force,
      String sub,
      Instant now) {
    if (managed.fields.isEmpty()) {
      ObjectNode empty = emptyObject(text(applied.get("apiVersion")), text(applied.get("kind")));
      try {
        managed = updateAndCap(empty, liveObj, managed, "before-first-apply", sub, now);
      } catch (TypedValueException e) {
        throw new ApiException(
            500,
            "",
            "failed to create manager for existing fields: failed to update ManagedFields ("
                + gvkNn(liveObj)
                + "): "
                + e.getMessage());
      }
    }
    ManagerId id = ManagerId.of(name(manager), ManagedFields.APPLY, apiVersion, sub);
    JsonNode patchManaged = applied.path("metadata").get("managedFields");
    if (patchManaged != null && patchManaged.isArray()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    try {
      TypedValues.validate(applied, type, false);
    } catch (TypedValueException e) {
      throw new ApiException(
          500,
          "",
          "failed to create typed patch object (" + gvkNn(applied) + "): " + e.getMessage());
    }
    try {
      TypedValues.validate(liveObj, type, true);
    } catch (TypedValueException e) {
      throw new ApiException(
          500,
          "",
          "failed to create typed live object (" + gvkNn(liveObj) + "): " + e.getMessage());
    }
    Updater.ApplyOutcome outcome;
    try {
      outcome = updater(sub).apply(liveObj, applied, apiVersion, managed.fields, id, force);
    } catch (TypedValueException e) {
      throw new ApiException(500, "", "failed to merge config: " + e.getMessage());
    }
    ManagedFields result = new ManagedFields(outcome.managers(), managed.times);
    strip(result, id);
    ObjectNode object;
    if (outcome.object() != null) {
      result.times.put(id, now);
      object = (ObjectNode) outcome.object();
    } else {
      object = liveObj.deepCopy();
      removeManagedFields(object);
    }
    return new Outcome(object, result, outcome.object() != null);
  }

  /** kube's {@code capManagersManager.Update} around the update chain. */
  private ManagedFields updateAndCap(
      ObjectNode liveObj,
      ObjectNode newObj,
      ManagedFields managed,
      String manager,
      String sub,
      Instant now) {
    ManagerId id = ManagerId.of(name(manager), ManagedFields.UPDATE, apiVersion, sub);
    TypedValues.validate(newObj, type, true);
    TypedValues.validate(liveObj, type, true);
    Map<ManagerId, VersionedSet> fields =
        updater(sub).update(liveObj, newObj, apiVersion, managed.fields, CURRENT_OPERATION);
    ManagedFields result = new ManagedFields(fields, managed.times);
    strip(result, CURRENT_OPERATION);
    VersionedSet current = result.fields.remove(CURRENT_OPERATION);
    if (current != null) {
      VersionedSet previous = result.fields.get(id);
      FieldSet set = previous == null ? current.set() : current.set().union(previous.set());
      result.fields.put(id, new VersionedSet(set, current.apiVersion(), current.applied()));
      result.times.put(id, now);
    }
    capUpdateManagers(result);
    return result;
  }

  private Updater updater(String sub) {
    FieldSet ignored = new FieldSet();
    if (sub.equals("status")) {
      ignored.insert(List.of(PathElement.field("spec")));
    } else if (statusSubresource) {
      ignored.insert(List.of(PathElement.field("status")));
    }
    return new Updater(type, ignored);
  }

  private static void strip(ManagedFields managed, ManagerId id) {
    VersionedSet vs = managed.fields.get(id);
    if (vs == null) {
      return;
    }
    FieldSet set = vs.set().difference(STRIPPED);
    if (set.isEmpty()) {
      managed.fields.remove(id);
    } else {
      managed.fields.put(id, new VersionedSet(set, vs.apiVersion(), vs.applied()));
    }
  }

  /** kube's {@code capUpdateManagers}: the oldest update entries merge into ancient-changes. */
  private static void capUpdateManagers(ManagedFields managed) {
    List<ManagerId> updaters = new ArrayList<>();
    managed.fields.forEach(
        (id, vs) -> {
          if (!vs.applied()) {
            updaters.add(id);
          }
        });
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return;
    }
    updaters.sort(
        Comparator.comparingLong(
                (ManagerId id) -> {
                  Instant t = managed.times.get(id);
                  return t == null ? 0 : t.getEpochSecond();
                })
            .thenComparing(ManagerId::json));
    Map<String, ManagerId> versionToFirst = new LinkedHashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerId id = updaters.get(i);
      VersionedSet vs = managed.fields.get(id);
      Instant time = managed.times.get(id);
      String version = vs.apiVersion();
      ManagerId bucket = ManagerId.of("ancient-changes", ManagedFields.UPDATE, version, "");
      ManagerId first = versionToFirst.get(version);
      if (first == null) {
        versionToFirst.put(version, id);
        continue;
      }
      if (!managed.fields.containsKey(bucket)) {
        managed.fields.put(bucket, managed.fields.remove(first));
      }
      managed.fields.put(
          bucket,
          new VersionedSet(
              vs.set().union(managed.fields.get(bucket).set()), vs.apiVersion(), vs.applied()));
      managed.fields.remove(id);
      length--;
      if (time == null) {
        managed.times.remove(bucket);
      } else {
        managed.times.put(bucket, time);
      }
    }
  }

  /** kube's {@code decodeLiveOrNew}. */
  private static ManagedFields decodeLiveOrNew(
      ObjectNode liveObj, ObjectNode newObj, boolean ignoreRequest) {
    JsonNode liveFields = liveObj.path("metadata").get("managedFields");
    if (ignoreRequest) {
      return decodeOrEmpty(liveFields);
    }
    JsonNode requested = newObj.path("metadata").get("managedFields");
    if (requested != null && requested.isArray() && isReset((ArrayNode) requested)) {
      return ManagedFields.empty();
    }
    try {
      ManagedFields managed = ManagedFields.decode(requested);
      if (!managed.fields.isEmpty()) {
        return managed;
      }
    } catch (IllegalArgumentException e) {
      // Fall back to the stored managed fields, as kube does.
    }
    return decodeOrEmpty(liveFields);
  }

  private static ManagedFields decodeOrEmpty(JsonNode entries) {
    try {
      return ManagedFields.decode(entries);
    } catch (IllegalArgumentException e) {
      return ManagedFields.empty();
    }
  }

  /** {@code []} or a single entry with no field set resets the managed fields. */
  private static boolean isReset(ArrayNode entries) {
    if (entries.isEmpty()) {
      return true;
    }
    if (entries.size() != 1 || !entries.get(0).isObject()) {
      return false;
    }
    JsonNode e = entries.get(0);
    for (String f :
        List.of("manager", "operation", "apiVersion", "time", "fieldsType", "subresource")) {
      if (!text(e.get(f)).isEmpty()) {
        return false;
      }
    }
    JsonNode fields = e.get("fieldsV1");
    return fields == null || fields.isNull();
  }

  /** kube's {@code allowedConflictsFromLastApplied}; null when the annotation does not help. */
  private FieldSet allowedConflictsFromLastApplied(ObjectNode liveObj) {
    String lastApplied = text(liveObj.path("metadata").path("annotations").get(LAST_APPLIED));
    if (lastApplied.isEmpty()) {
      return null;
    }
    JsonNode lastAppliedObj;
    try {
      lastAppliedObj = JSON.readTree(lastApplied);
    } catch (java.io.IOException e) {
      return null;
    }
    if (lastAppliedObj == null
        || !lastAppliedObj.isObject()
        || !apiVersion.equals(text(lastAppliedObj.get("apiVersion")))) {
      return null;
    }
    try {
      TypedValues.validate(lastAppliedObj, type, false);
      TypedValues.validate(liveObj, type, true);
    } catch (TypedValueException e) {
      return null;
    }
    FieldSet set = TypedValues.toFieldSet(lastAppliedObj, type);
    Comparison c = TypedValues.compare(lastAppliedObj, liveObj, type);
    return set.difference(c.modified()).difference(c.added()).difference(c.removed());
  }

  private static boolean hasLastApplied(ObjectNode obj) {
    return !text(obj.path("metadata").path("annotations").get(LAST_APPLIED)).isEmpty();
  }

  /** The applied object without its last-applied annotation, as kubectl's JSON plus newline. */
  private static String lastAppliedValue(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    JsonNode annotations = copy.path("metadata").get("annotations");
    if (annotations instanceof ObjectNode a) {
      a.remove(LAST_APPLIED);
    }
    return GoValues.toJson(copy) + "\n";
  }

  /** kube's {@code SetLastApplied}: dropped when the annotations would exceed 256 KiB. */
  private static void setLastApplied(ObjectNode object, String value) {
    ObjectNode annotations =
        object.withObjectProperty("metadata").withObjectProperty("annotations");
    annotations.put(LAST_APPLIED, value);
    long size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      size += text(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > MAX_ANNOTATIONS_BYTES) {
      annotations.remove(LAST_APPLIED);
    }
  }

  /** What the custom resource strategies keep: status only via /status, never via the main. */
  private ObjectNode resetStatus(ObjectNode live, ObjectNode merged, String sub) {
    if (sub.equals("status")) {
      ObjectNode out = live != null ? live.deepCopy() : emptyObject(apiVersion, kind);
      JsonNode status = merged.get("status");
      if (status == null) {
        out.remove("status");
      } else {
        out.set("status", status);
      }
      JsonNode managedFields = merged.path("metadata").get("managedFields");
      removeManagedFields(out);
      if (managedFields != null) {
        out.withObjectProperty("metadata").set("managedFields", managedFields);
      }
      return out;
    }
    if (statusSubresource) {
      JsonNode status = live == null ? null : live.get("status");
      if (status == null) {
        merged.remove("status");
      } else {
        merged.set("status", status.deepCopy());
      }
    }
    return merged;
  }

  private static ApiException conflictError(List<Updater.Conflict> conflicts) {
    TreeMap<String, List<Updater.Conflict>> byManager = new TreeMap<>();
    for (Updater.Conflict c : conflicts) {
      byManager.computeIfAbsent(c.manager().json(), k -> new ArrayList<>()).add(c);
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    ArrayNode causes = details.putArray("causes");
    List<String> lines = new ArrayList<>();
    for (List<Updater.Conflict> group : byManager.values()) {
      lines.add("conflicts with " + group.get(0).manager().describe() + ":");
      for (Updater.Conflict c : group) {
        String path = FieldSet.pathString(c.path());
        lines.add("- " + path);
        causes
            .addObject()
            .put("reason", "FieldManagerConflict")
            .put("message", "conflict with " + c.manager().describe())
            .put("field", path);
      }
    }
    String message;
    if (conflicts.size() == 1) {
      Updater.Conflict c = conflicts.get(0);
      message =
          "Apply failed with 1 conflict: conflict with "
              + c.manager().describe()
              + ": "
              + FieldSet.pathString(c.path());
    } else {
      message = "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
    return new ApiException(409, "Conflict", message, details);
  }

  private static ObjectNode emptyObject(String apiVersion, String kind) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    return o;
  }

  private static void removeManagedFields(ObjectNode obj) {
    JsonNode metadata = obj.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove("managedFields");
    }
  }

  private static void setManagedFields(ObjectNode obj, ArrayNode entries) {
    if (entries == null) {
      removeManagedFields(obj);
    } else {
      obj.withObjectProperty("metadata").set("managedFields", entries);
    }
  }

  private static String name(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  private static Instant truncate(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String text(JsonNode v) {
    return v == null || !v.isTextual() ? "" : v.textValue();
  }

  /** A GroupVersionKind as Go prints it: {@code group/version, Kind=Kind}. */
  private static String gvk(JsonNode obj) {
    String av = text(obj.get("apiVersion"));
    String gv = av.contains("/") ? av : "/" + av;
    return gv + ", Kind=" + text(obj.get("kind"));
  }

  /** kube's {@code objectGVKNN}: {@code namespace/name; group/version, Kind=Kind}. */
  private static String gvkNn(JsonNode obj) {
    JsonNode m = obj.path("metadata");
    return text(m.get("namespace")) + "/" + text(m.get("name")) + "; " + gvk(obj);
  }
}
