package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission.FieldValidation;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.rest.Json;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.rest.ResourceService.DeleteOptions;
import dev.kumo.apiserver.rest.ResourceService.PatchType;
import dev.kumo.apiserver.rest.ResourceService.WriteOptions;
import dev.kumo.apiserver.storage.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's garbage collector and namespace and CRD-cleanup controllers, in
 * process: an index of owner uid → dependents kept current by one etcd watch over all of {@code
 * /registry/}, and one worker that
 *
 * <ul>
 *   <li>deletes dependents whose owners are all gone (background propagation) and strips references
 *       to owners that are gone while others remain;
 *   <li>for an owner with the {@code orphan} finalizer, strips its references from every dependent,
 *       then removes the finalizer;
 *   <li>for an owner with {@code foregroundDeletion}, deletes its dependents (in foreground when
 *       they block owner deletion) and removes the finalizer once no blocking dependent remains;
 *   <li>empties a Terminating namespace, then finalizes it;
 *   <li>deletes every object of a CRD being deleted, then removes its cleanup finalizer.
 * </ul>
 *
 * Everything it knows is rebuilt from etcd at start, so a restart loses nothing.
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final String MANAGER = "kumo-garbage-collector";

  private final ResourceService resources;
  private final Store store;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kumo-gc");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, String> keyByUid = new HashMap<>();
  private final Map<String, Set<String>> dependentsByOwner = new HashMap<>();
  private final Map<String, List<String>> ownersByKey = new HashMap<>();
  private final Map<String, String> uidByKey = new HashMap<>();
  private final Set<String> pending = new LinkedHashSet<>();

  /** Keys waiting on something else (dependents, namespace contents): retried every second. */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Keys of objects whose deletion is pending (they carry a deletionTimestamp). */
  private final Set<String> deleting = new HashSet<>();

  private volatile Store.Watch watch;

  GarbageCollector(ResourceService resources) {
    this.resources = resources;
    this.store = resources.store();
  }

  void start() {
    worker.execute(this::resync);
    worker.scheduleWithFixedDelay(this::retryDeferred, 1, 1, TimeUnit.SECONDS);
  }

  /** Rebuilds the index from a full read, then follows the change stream. */
  private void resync() {
    try {
      if (watch != null) {
        watch.close();
      }
      keyByUid.clear();
      dependentsByOwner.clear();
      ownersByKey.clear();
      uidByKey.clear();
      deleting.clear();
      long revision = 0;
      String start = null;
      while (true) {
        Store.Page page = store.list("/registry/", start, 500, revision);
        revision = page.revision();
        for (Store.Kv kv : page.kvs()) {
          index(kv.key(), decode(kv));
        }
        if (!page.more()) {
          break;
        }
        start = page.kvs().get(page.kvs().size() - 1).key() + "\0";
      }
      pending.addAll(ownersByKey.keySet());
      pending.addAll(deleting);
      watch =
          store.watch(
              "/registry/",
              revision + 1,
              new Store.WatchListener() {
                @Override
                public void onEvents(List<Store.Event> events) {
                  worker.execute(() -> events.forEach(GarbageCollector.this::onEvent));
                }

                @Override
                public void onError(Throwable error) {
                  LOG.warn("garbage collector watch ended ({}); resyncing", error.toString());
                  worker.schedule(GarbageCollector.this::resync, 1, TimeUnit.SECONDS);
                }
              });
      drain();
    } catch (RuntimeException e) {
      LOG.warn("garbage collector resync failed; retrying", e);
      worker.schedule(this::resync, 2, TimeUnit.SECONDS);
    }
  }

  private ObjectNode decode(Store.Kv kv) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(kv.value());
    } catch (Exception e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private void onEvent(Store.Event event) {
    String key = event.kv().key();
    // an owner being deleted in foreground may be free to go once a dependent changes or goes
    ownerKeys(key).stream().filter(deleting::contains).forEach(pending::add);
    if (event.type() == Store.EventType.DELETED) {
      String uid = uidByKey.get(key);
      unindex(key);
      if (uid != null) {
        pending.addAll(dependentsByOwner.getOrDefault(uid, Set.of()));
      }
    } else {
      ObjectNode object = decode(event.kv());
      unindex(key);
      index(key, object);
      // only objects with owners or a pending deletion can need the collector
      if (ownersByKey.containsKey(key) || deleting.contains(key)) {
        pending.add(key);
      }
    }
    if (!pending.isEmpty()) {
      drain();
    }
  }

  private void index(String key, JsonNode object) {
    String uid = object.path("metadata").path("uid").asText("");
    if (uid.isEmpty()) {
      return;
    }
    keyByUid.put(uid, key);
    uidByKey.put(key, uid);
    if (object.path("metadata").has("deletionTimestamp")) {
      deleting.add(key);
    }
    List<String> owners = new ArrayList<>();
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      String owner = ref.path("uid").asText();
      owners.add(owner);
      dependentsByOwner.computeIfAbsent(owner, k -> new HashSet<>()).add(key);
    }
    if (!owners.isEmpty()) {
      ownersByKey.put(key, owners);
    }
  }

  private void unindex(String key) {
    String uid = uidByKey.remove(key);
    if (uid != null && key.equals(keyByUid.get(uid))) {
      keyByUid.remove(uid);
    }
    for (String owner : ownersByKey.getOrDefault(key, List.of())) {
      Set<String> deps = dependentsByOwner.get(owner);
      if (deps != null) {
        deps.remove(key);
        if (deps.isEmpty()) {
          dependentsByOwner.remove(owner);
        }
      }
    }
    ownersByKey.remove(key);
    deleting.remove(key);
  }

  private List<String> ownerKeys(String key) {
    List<String> keys = new ArrayList<>();
    for (String owner : ownersByKey.getOrDefault(key, List.of())) {
      String ownerKey = keyByUid.get(owner);
      if (ownerKey != null) {
        keys.add(ownerKey);
      }
    }
    return keys;
  }

  private void retryDeferred() {
    pending.addAll(deferred);
    deferred.clear();
    drain();
  }

  private void drain() {
    List<String> batch = new ArrayList<>(pending);
    pending.clear();
    for (String key : batch) {
      if (worker.isShutdown()) {
        return; // closed: the store may be gone; the next server resyncs from etcd
      }
      try {
        process(key);
      } catch (ApiException e) {
        if (e.code() != 404 && e.code() != 409) {
          LOG.warn("garbage collection of {} failed: {}", key, e.getMessage());
          deferred.add(key);
        } else if (e.code() == 409) {
          deferred.add(key);
        }
      } catch (RuntimeException e) {
        LOG.warn("garbage collection of {} failed", key, e);
        deferred.add(key);
      }
    }
  }

  private void process(String key) {
    Optional<Located> located = locate(key);
    if (located.isEmpty()) {
      return;
    }
    Located at = located.get();
    Optional<ObjectNode> found = resources.find(at.type(), at.namespace(), at.name());
    if (found.isEmpty()) {
      return;
    }
    ObjectNode object = found.get();
    JsonNode metadata = object.path("metadata");
    // 1. references to owners that no longer exist (kube's attemptToDeleteItem leaves an object
    // that is already being deleted alone: its references still say why it is going)
    JsonNode refs = metadata.path("ownerReferences");
    if (refs.size() > 0 && !metadata.has("deletionTimestamp")) {
      List<JsonNode> alive = new ArrayList<>();
      for (JsonNode ref : refs) {
        if (keyByUid.containsKey(ref.path("uid").asText())) {
          alive.add(ref);
        }
      }
      if (alive.isEmpty()) {
        delete(at, "Background");
        return;
      }
      if (alive.size() < refs.size()) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        alive.forEach(kept::add);
        patchMetadata(at, object, "ownerReferences", kept);
        return;
      }
    }
    if (!metadata.has("deletionTimestamp")) {
      return;
    }
    Set<String> finalizers = new LinkedHashSet<>();
    metadata.path("finalizers").forEach(f -> finalizers.add(f.asText()));
    String uid = metadata.path("uid").asText();
    Set<String> dependents = new HashSet<>(dependentsByOwner.getOrDefault(uid, Set.of()));
    if (finalizers.contains(ResourceService.ORPHAN_FINALIZER)) {
      for (String dependent : dependents) {
        orphan(dependent, uid);
      }
      removeFinalizer(at, ResourceService.ORPHAN_FINALIZER);
      return;
    }
    if (finalizers.contains(ResourceService.FOREGROUND_FINALIZER)) {
      boolean blocking = false;
      for (String dependent : dependents) {
        Optional<Located> dep = locate(dependent);
        if (dep.isEmpty()) {
          continue;
        }
        Optional<ObjectNode> depObject =
            resources.find(dep.get().type(), dep.get().namespace(), dep.get().name());
        if (depObject.isEmpty()) {
          continue;
        }
        boolean blocks = blocksOwner(depObject.get(), uid);
        blocking |= blocks;
        if (!depObject.get().path("metadata").has("deletionTimestamp")) {
          delete(dep.get(), blocks ? "Foreground" : "Background");
        }
      }
      if (!blocking) {
        removeFinalizer(at, ResourceService.FOREGROUND_FINALIZER);
      } else {
        deferred.add(key);
      }
      return;
    }
    if (at.type().builtin() && at.type().kind().equals("Namespace")) {
      finishNamespace(at, object);
      return;
    }
    if (at.type().builtin()
        && at.type().kind().equals("CustomResourceDefinition")
        && finalizers.contains(ResourceService.CRD_CLEANUP_FINALIZER)) {
      cleanUpCrd(at, object);
    }
  }

  private static boolean blocksOwner(JsonNode dependent, String ownerUid) {
    for (JsonNode ref : dependent.path("metadata").path("ownerReferences")) {
      if (ref.path("uid").asText().equals(ownerUid)
          && ref.path("blockOwnerDeletion").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  private void orphan(String dependentKey, String ownerUid) {
    Optional<Located> dep = locate(dependentKey);
    if (dep.isEmpty()) {
      return;
    }
    Optional<ObjectNode> object =
        resources.find(dep.get().type(), dep.get().namespace(), dep.get().name());
    if (object.isEmpty()) {
      return;
    }
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    for (JsonNode ref : object.get().path("metadata").path("ownerReferences")) {
      if (!ref.path("uid").asText().equals(ownerUid)) {
        kept.add(ref);
      }
    }
    patchMetadata(dep.get(), object.get(), "ownerReferences", kept);
  }

  private void finishNamespace(Located at, ObjectNode namespace) {
    String ns = at.name();
    boolean remaining = false;
    for (ResourceType type : resources.registry().all()) {
      if (!type.namespaced() || !type.stored() || !type.storageVersion()) {
        continue;
      }
      ObjectNode list = resources.list(type, ns, ResourceService.ListOptions.all());
      for (JsonNode item : list.path("items")) {
        remaining = true;
        if (!item.path("metadata").has("deletionTimestamp")) {
          delete(new Located(type, ns, item.path("metadata").path("name").asText()), "Background");
        }
      }
    }
    if (remaining) {
      deferred.add(at.type().key(null, ns));
      return;
    }
    if (namespace.path("spec").path("finalizers").size() > 0) {
      ObjectNode body = namespace.deepCopy();
      ((ObjectNode) body.path("spec")).putArray("finalizers");
      resources.update(at.type(), null, ns, "finalize", body, writeOptions());
    }
  }

  private void cleanUpCrd(Located at, ObjectNode crd) {
    String crdName = crd.path("metadata").path("name").asText();
    boolean remaining = false;
    for (ResourceType type : resources.registry().crdTypes(crdName)) {
      if (!type.storageVersion()) {
        continue;
      }
      ObjectNode list = resources.list(type, null, ResourceService.ListOptions.all());
      for (JsonNode item : list.path("items")) {
        remaining = true;
        if (!item.path("metadata").has("deletionTimestamp")) {
          delete(
              new Located(
                  type,
                  item.path("metadata").path("namespace").asText(null),
                  item.path("metadata").path("name").asText()),
              "Background");
        }
      }
    }
    if (remaining) {
      deferred.add(at.type().key(null, crdName));
      return;
    }
    removeFinalizer(at, ResourceService.CRD_CLEANUP_FINALIZER);
  }

  private void delete(Located at, String policy) {
    try {
      resources.delete(
          at.type(), at.namespace(), at.name(), new DeleteOptions(policy, null, null, false));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private void removeFinalizer(Located at, String finalizer) {
    Optional<ObjectNode> object = resources.find(at.type(), at.namespace(), at.name());
    if (object.isEmpty()) {
      return;
    }
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    for (JsonNode f : object.get().path("metadata").path("finalizers")) {
      if (!f.asText().equals(finalizer)) {
        kept.add(f);
      }
    }
    patchMetadata(at, object.get(), "finalizers", kept);
  }

  /** A merge patch of one metadata field, guarded by the object's resourceVersion. */
  private void patchMetadata(Located at, ObjectNode object, String field, ArrayNode value) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = patch.putObject("metadata");
    metadata.put("resourceVersion", ResourceService.resourceVersion(object));
    if (value.isEmpty()) {
      metadata.putNull(field);
    } else {
      metadata.set(field, value);
    }
    resources.patch(
        at.type(),
        at.namespace(),
        at.name(),
        null,
        PatchType.MERGE,
        Json.bytes(patch),
        writeOptions());
  }

  private static WriteOptions writeOptions() {
    return new WriteOptions(false, MANAGER, FieldValidation.IGNORE, false);
  }

  /** Where a key lives: its type, namespace and name. */
  private record Located(ResourceType type, String namespace, String name) {}

  private Optional<Located> locate(String key) {
    ResourceType best = null;
    for (ResourceType type : resources.registry().all()) {
      if (!type.stored() || !type.storageVersion()) {
        continue;
      }
      String prefix = type.storagePrefix() + "/";
      if (key.startsWith(prefix)
          && (best == null || prefix.length() > best.storagePrefix().length() + 1)) {
        best = type;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String rest = key.substring(best.storagePrefix().length() + 1);
    if (best.namespaced()) {
      int slash = rest.indexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      return Optional.of(new Located(best, rest.substring(0, slash), rest.substring(slash + 1)));
    }
    return rest.contains("/") ? Optional.empty() : Optional.of(new Located(best, null, rest));
  }

  @Override
  public void close() {
    worker.shutdownNow();
    Store.Watch w = watch;
    if (w != null) {
      w.close();
    }
  }
}
