package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceRegistry;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission.FieldValidation;
import dev.kumo.apiserver.storage.CompactedException;
import dev.kumo.apiserver.storage.ConflictException;
import dev.kumo.apiserver.storage.KeyExistsException;
import dev.kumo.apiserver.storage.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The generic REST semantics of every stored kind, as kube-apiserver's generic registry and the
 * custom-resource strategy implement them: metadata bookkeeping (uid, creationTimestamp,
 * generation, managedFields), the status subresource, optimistic concurrency (also inside patches),
 * finalizers and graceful deletion, dry runs, paging and selectors. Objects are Jackson trees; etcd
 * holds them as JSON under kube-apiserver's key layout.
 */
public final class ResourceService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_RETRIES = 32;
  private static final long EVENT_TTL_SECONDS = 3600;

  /** Finalizer the API server adds for {@code propagationPolicy=Orphan}. */
  public static final String ORPHAN_FINALIZER = "orphan";

  /** Finalizer the API server adds for {@code propagationPolicy=Foreground}. */
  public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  /** Finalizer on every CRD until its objects are gone. */
  public static final String CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private final Store store;
  private final ResourceRegistry registry;
  private final Admission admission;
  private final FieldTracking tracking;
  private final Clock clock;
  private final BuiltinStrategies builtins;

  public ResourceService(
      Store store,
      ResourceRegistry registry,
      Admission admission,
      FieldTracking tracking,
      Clock clock,
      BuiltinStrategies builtins) {
    this.store = store;
    this.registry = registry;
    this.admission = admission;
    this.tracking = tracking;
    this.clock = clock;
    this.builtins = builtins;
  }

  /** The store objects live in. */
  public Store store() {
    return store;
  }

  /** The served kinds. */
  public ResourceRegistry registry() {
    return registry;
  }

  /**
   * Options of a create, update or patch.
   *
   * @param dryRun {@code dryRun=All}: everything but the write
   * @param fieldManager the {@code fieldManager} parameter (may be null)
   * @param validation the {@code fieldValidation} parameter
   * @param force {@code force=true} for apply patches
   */
  public record WriteOptions(
      boolean dryRun, String fieldManager, FieldValidation validation, boolean force) {
    /** Defaults: a real write, no manager, Strict validation. */
    public static WriteOptions defaults() {
      return new WriteOptions(false, null, FieldValidation.STRICT, false);
    }
  }

  /**
   * Options of a list or watch.
   *
   * @param labelSelector the label selector, or null
   * @param fieldSelector the field selector, or null
   * @param limit page size; 0 for all
   * @param continueToken the continue token of the previous page, or null
   * @param resourceVersion the resourceVersion parameter, or null
   * @param resourceVersionMatch NotOlderThan, Exact or null
   */
  public record ListOptions(
      String labelSelector,
      String fieldSelector,
      int limit,
      String continueToken,
      String resourceVersion,
      String resourceVersionMatch) {
    /** Everything, current. */
    public static ListOptions all() {
      return new ListOptions(null, null, 0, null, null, null);
    }
  }

  /**
   * Options of a delete.
   *
   * @param propagationPolicy Background, Foreground, Orphan or null (the kind's default)
   * @param preconditionUid {@code preconditions.uid}, or null
   * @param preconditionResourceVersion {@code preconditions.resourceVersion}, or null
   * @param dryRun {@code dryRun=All}
   */
  public record DeleteOptions(
      String propagationPolicy,
      String preconditionUid,
      String preconditionResourceVersion,
      boolean dryRun) {
    /** A background delete. */
    public static DeleteOptions background() {
      return new DeleteOptions("Background", null, null, false);
    }
  }

  /**
   * The answer to a write.
   *
   * @param object the object as stored (or as it would be, for dry runs), or a Status
   * @param code 200, 201 or 202
   * @param warnings {@code Warning} headers to send
   */
  public record Result(ObjectNode object, int code, List<String> warnings) {}

  // ---------------------------------------------------------------------------------- reads

  /** Reads one object (a linearizable read). */
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return store
        .get(type.key(namespace, name))
        .map(this::decode)
        .orElseThrow(() -> notFound(type, name));
  }

  /** Reads one object, or empty. */
  public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
    return store.get(type.key(namespace, name)).map(this::decode);
  }

  /** A list, {@code <Kind>List}, with paging as kube-apiserver does it. */
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    Predicate<JsonNode> filter = filter(type, options.labelSelector(), options.fieldSelector());
    boolean selective = filter != Selectors.EVERYTHING;
    String prefix = type.keyPrefix(namespace);
    long revision = 0;
    String start = null;
    if (options.continueToken() != null && !options.continueToken().isEmpty()) {
      ContinueToken token = ContinueToken.decode(options.continueToken(), prefix);
      revision = token.revision();
      start = token.startKey();
    } else if (options.resourceVersion() != null
        && !options.resourceVersion().isEmpty()
        && !options.resourceVersion().equals("0")
        && "Exact".equals(options.resourceVersionMatch())) {
      revision = parseResourceVersion(options.resourceVersion());
    }
    int limit = options.limit() > 0 ? options.limit() : 0;
    ArrayNode items = NODES.arrayNode();
    String nextKey = null;
    long remaining = 0;
    long listRevision;
    try {
      while (true) {
        int pageSize = limit == 0 ? 0 : Math.max(limit - items.size(), selective ? 100 : 0);
        Store.Page page = store.list(prefix, start, pageSize, revision);
        listRevision = page.revision();
        revision = page.revision();
        List<Store.Kv> kvs = page.kvs();
        int used = 0;
        for (Store.Kv kv : kvs) {
          used++;
          ObjectNode object = decode(kv);
          if (filter.test(object)) {
            items.add(object);
            if (limit > 0 && items.size() == limit) {
              break;
            }
          }
        }
        boolean more = page.more() || used < kvs.size();
        if (limit > 0 && items.size() >= limit && more) {
          nextKey = kvs.get(used - 1).key() + "\0";
          remaining = selective ? 0 : page.remaining() + (kvs.size() - used);
          break;
        }
        if (!page.more()) {
          break;
        }
        start = kvs.get(kvs.size() - 1).key() + "\0";
      }
    } catch (CompactedException e) {
      if (options.continueToken() != null) {
        throw new ApiException(
            410,
            "Expired",
            "The provided continue parameter is too old to display a consistent list result. You"
                + " can start a new list without the continue parameter, or use the continue token"
                + " in this response to retrieve the remainder of the results. Continuing with the"
                + " provided token results in an inconsistent list - objects that were created,"
                + " modified, or deleted between the time the first chunk was returned and now may"
                + " show up in the list.");
      }
      throw gone(options.resourceVersion(), e);
    }
    ObjectNode list = NODES.objectNode();
    list.put("apiVersion", type.apiVersion()).put("kind", type.listKind());
    ObjectNode metadata = list.putObject("metadata");
    metadata.put("resourceVersion", Long.toString(listRevision));
    if (nextKey != null) {
      metadata.put("continue", new ContinueToken(listRevision, nextKey).encode(prefix));
      if (remaining > 0) {
        metadata.put("remainingItemCount", remaining);
      }
    }
    list.set("items", items);
    return list;
  }

  /** The predicate for a list or watch request's selectors. */
  public Predicate<JsonNode> filter(ResourceType type, String labelSelector, String fieldSelector) {
    Predicate<JsonNode> labels = Selectors.labels(labelSelector);
    Predicate<JsonNode> fields = Selectors.fields(fieldSelector, builtins.selectableFields(type));
    if (labels == Selectors.EVERYTHING && fields == Selectors.EVERYTHING) {
      return Selectors.EVERYTHING;
    }
    return labels.and(fields);
  }

  // --------------------------------------------------------------------------------- create

  /** Creates an object (POST). */
  public Result create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    checkKind(type, body);
    List<String> warnings = new ArrayList<>();
    ObjectNode object = prepareCreate(type, namespace, body, options, warnings, null);
    return new Result(persistCreate(type, namespace, object, options), 201, warnings);
  }

  private ObjectNode prepareCreate(
      ResourceType type,
      String namespace,
      ObjectNode body,
      WriteOptions options,
      List<String> warnings,
      ObjectNode applied) {
    ObjectNode object = body.deepCopy();
    ObjectNode metadata = metadataOf(object);
    checkNamespace(type, namespace, metadata);
    if (type.namespaced()) {
      metadata.put("namespace", namespace);
      requireActiveNamespace(type, namespace, metadata.path("name").asText(""));
    }
    String name = metadata.path("name").asText("");
    String generateName = metadata.path("generateName").asText("");
    if (name.isEmpty() && !generateName.isEmpty()) {
      metadata.put("name", generateName + randomSuffix());
    }
    for (String f :
        List.of(
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
            "selfLink")) {
      metadata.remove(f);
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", timestamp(now()));
    if (tracksGeneration(type)) {
      metadata.put("generation", 1);
    }
    if (type.statusSubresource()) {
      object.remove("status");
    }
    builtins.prepareCreate(type, object);
    dropEmptyMetadata(object);
    object = admission.admit(type, object, null, options.validation(), warnings);
    validateOwnerReferences(type, object);
    builtins.validate(type, object, null);
    if (applied == null) {
      object = tracking.trackUpdate(type, null, object, manager(options), null, now());
    }
    return object;
  }

  private ObjectNode persistCreate(
      ResourceType type, String namespace, ObjectNode object, WriteOptions options) {
    ObjectNode metadata = metadataOf(object);
    String generateName = metadata.path("generateName").asText("");
    String firstName = metadata.path("name").asText("");
    boolean generated =
        !generateName.isEmpty()
            && firstName.startsWith(generateName)
            && firstName.length() == generateName.length() + 5;
    for (int attempt = 0; ; attempt++) {
      String name = metadata.path("name").asText();
      String key = type.key(namespace, name);
      if (options.dryRun()) {
        if (store.get(key).isPresent()) {
          throw alreadyExists(type, name);
        }
        return object;
      }
      try {
        long revision = store.create(key, encode(object), ttlSeconds(type));
        ObjectNode stored = object.deepCopy();
        metadataOf(stored).put("resourceVersion", Long.toString(revision));
        builtins.afterWrite(type, stored);
        return stored;
      } catch (KeyExistsException e) {
        if (!generated || attempt >= 8) {
          throw alreadyExists(type, name);
        }
        metadata.put("name", metadata.path("generateName").asText() + randomSuffix());
      }
    }
  }

  // --------------------------------------------------------------------------------- update

  /** Replaces an object (PUT), on the main resource or on {@code /status}. */
  public Result update(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      ObjectNode body,
      WriteOptions options) {
    checkKind(type, body);
    ObjectNode bodyMetadata = metadataOf(body);
    checkNamespace(type, namespace, bodyMetadata);
    checkName(bodyMetadata, name);
    String clientRv = bodyMetadata.path("resourceVersion").asText("");
    if (clientRv.isEmpty() && !type.allowUnconditionalUpdate()) {
      throw ApiException.invalid(
          type.kind(),
          type.group(),
          name,
          List.of(
              new ApiException.Cause(
                  "FieldValueInvalid",
                  "metadata.resourceVersion",
                  "Invalid value: 0x0: must be specified for an update")));
    }
    List<String> warnings = new ArrayList<>();
    ObjectNode stored =
        guaranteedUpdate(
            type,
            namespace,
            name,
            options,
            current -> {
              if (!clientRv.isEmpty() && !clientRv.equals(resourceVersion(current))) {
                throw conflict(type, name);
              }
              return prepareUpdate(
                  type, current, body, subresource, options, warnings, manager(options), false);
            });
    return new Result(stored, 200, warnings);
  }

  /** The kinds of patch a client can send. */
  public enum PatchType {
    MERGE,
    JSON,
    STRATEGIC,
    APPLY
  }

  /** Patches an object (PATCH), on the main resource or on {@code /status}. */
  public Result patch(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      PatchType patchType,
      byte[] body,
      WriteOptions options) {
    List<String> warnings = new ArrayList<>();
    if (patchType == PatchType.STRATEGIC && !type.builtin()) {
      throw unsupportedPatch();
    }
    if (patchType == PatchType.APPLY) {
      return apply(type, namespace, name, subresource, body, options, warnings);
    }
    JsonNode patch = Json.readTree(body, false, null);
    ObjectNode stored =
        guaranteedUpdate(
            type,
            namespace,
            name,
            options,
            current -> {
              JsonNode patched;
              try {
                patched =
                    switch (patchType) {
                      case MERGE -> dev.kumo.apiserver.patch.MergePatch.apply(current, patch);
                      case STRATEGIC -> StrategicMerge.apply(current, patch);
                      case JSON -> dev.kumo.apiserver.patch.JsonPatches.apply(current, patch);
                      case APPLY -> throw new IllegalStateException();
                    };
              } catch (dev.kumo.apiserver.patch.PatchException e) {
                throw e.toApiException();
              }
              if (!(patched instanceof ObjectNode patchedObject)) {
                throw ApiException.badRequest("the patched object is not an object");
              }
              String patchedRv = patchedObject.path("metadata").path("resourceVersion").asText("");
              if (!patchedRv.isEmpty() && !patchedRv.equals(resourceVersion(current))) {
                throw conflict(type, name);
              }
              return prepareUpdate(
                  type,
                  current,
                  patchedObject,
                  subresource,
                  options,
                  warnings,
                  manager(options),
                  false);
            });
    return new Result(stored, 200, warnings);
  }

  private Result apply(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      byte[] body,
      WriteOptions options,
      List<String> warnings) {
    if (options.fieldManager() == null || options.fieldManager().isEmpty()) {
      throw ApiException.badRequest(
          "PATCH, application/apply-patch+yaml requires fieldManager to be specified");
    }
    ObjectNode applied = Json.readObject(body, true, type.kind());
    checkKind(type, applied);
    ObjectNode appliedMeta = metadataOf(applied);
    checkName(appliedMeta, name);
    checkNamespace(type, namespace, appliedMeta);
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      Optional<Store.Kv> kv = store.get(type.key(namespace, name));
      if (kv.isEmpty()) {
        if (subresource != null) {
          throw notFound(type, name);
        }
        ObjectNode merged =
            tracking.apply(
                type, null, applied, options.fieldManager(), options.force(), null, now());
        ObjectNode object = prepareCreate(type, namespace, merged, options, warnings, applied);
        try {
          return new Result(persistCreate(type, namespace, object, options), 201, warnings);
        } catch (ApiException e) {
          if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
            continue;
          }
          throw e;
        }
      }
      try {
        ObjectNode stored =
            guaranteedUpdate(
                type,
                namespace,
                name,
                options,
                current -> {
                  ObjectNode merged =
                      tracking.apply(
                          type,
                          current,
                          applied,
                          options.fieldManager(),
                          options.force(),
                          subresource,
                          now());
                  String rv = merged.path("metadata").path("resourceVersion").asText("");
                  if (!rv.isEmpty() && !rv.equals(resourceVersion(current))) {
                    throw conflict(type, name);
                  }
                  return prepareUpdate(
                      type, current, merged, subresource, options, warnings, null, true);
                });
        return new Result(stored, 200, warnings);
      } catch (ApiException e) {
        if (e.code() == 404) {
          continue;
        }
        throw e;
      }
    }
    throw new ApiException(500, "InternalError", "too many concurrent changes to " + name);
  }

  /**
   * Turns a requested new state into the object to store: keeps immutable metadata, applies the
   * status-subresource split, bumps generation, checks finalizers, admits.
   *
   * @param manager the field manager for Update tracking, or null when the caller tracked it
   */
  private ObjectNode prepareUpdate(
      ResourceType type,
      ObjectNode current,
      ObjectNode requested,
      String subresource,
      WriteOptions options,
      List<String> warnings,
      String manager,
      boolean applied) {
    ObjectNode next;
    ObjectNode currentMeta = metadataOf(current);
    if ("finalize".equals(subresource)) {
      next = current.deepCopy();
      JsonNode finalizers = requested.path("spec").get("finalizers");
      ObjectNode spec = next.get("spec") instanceof ObjectNode s ? s : next.putObject("spec");
      if (finalizers == null) {
        spec.remove("finalizers");
      } else {
        spec.set("finalizers", finalizers.deepCopy());
      }
    } else if ("status".equals(subresource)) {
      next = current.deepCopy();
      JsonNode status = requested.get("status");
      if (status == null) {
        next.remove("status");
      } else {
        next.set("status", status.deepCopy());
      }
      if (requested.path("metadata").has("managedFields")) {
        metadataOf(next).set("managedFields", requested.path("metadata").get("managedFields"));
      }
    } else {
      next = requested.deepCopy();
      ObjectNode meta = metadataOf(next);
      checkNamespace(type, currentMeta.path("namespace").asText(null), meta);
      for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "generation")) {
        if (currentMeta.has(f)) {
          meta.set(f, currentMeta.get(f));
        } else {
          meta.remove(f);
        }
      }
      if (currentMeta.has("deletionGracePeriodSeconds")) {
        meta.set("deletionGracePeriodSeconds", currentMeta.get("deletionGracePeriodSeconds"));
      }
      meta.put("name", currentMeta.path("name").asText());
      if (currentMeta.has("namespace")) {
        meta.put("namespace", currentMeta.path("namespace").asText());
      }
      meta.remove("selfLink");
      if (type.statusSubresource()) {
        if (current.has("status")) {
          next.set("status", current.get("status").deepCopy());
        } else {
          next.remove("status");
        }
      }
    }
    ObjectNode nextMeta = metadataOf(next);
    nextMeta.put("resourceVersion", resourceVersion(current));
    if (currentMeta.has("deletionTimestamp")) {
      Set<String> before = strings(currentMeta.path("finalizers"));
      Set<String> after = strings(nextMeta.path("finalizers"));
      after.removeAll(before);
      if (!after.isEmpty()) {
        throw ApiException.invalid(
            type.kind(),
            type.group(),
            nextMeta.path("name").asText(),
            List.of(
                new ApiException.Cause(
                    "FieldValueForbidden",
                    "metadata.finalizers",
                    "Forbidden: no new finalizers can be added if the object is being deleted,"
                        + " found new finalizers []string{\""
                        + String.join("\", \"", after)
                        + "\"}")));
      }
    }
    builtins.prepareUpdate(type, next, current, subresource);
    dropEmptyMetadata(next);
    next = admission.admit(type, next, current, options.validation(), warnings);
    if (subresource == null && tracksGeneration(type) && specChanged(type, current, next)) {
      metadataOf(next).put("generation", currentMeta.path("generation").asLong(1) + 1);
    }
    validateOwnerReferences(type, next);
    builtins.validate(type, next, current);
    if (manager != null) {
      next = tracking.trackUpdate(type, current, next, manager, subresource, now());
    }
    return next;
  }

  /**
   * Drops null or empty labels, annotations, finalizers and ownerReferences, as kube's typed
   * ObjectMeta does ({@code omitempty}): removing the last label leaves no {@code labels: {}}.
   */
  private static void dropEmptyMetadata(ObjectNode object) {
    ObjectNode meta = metadataOf(object);
    for (String field : List.of("labels", "annotations", "finalizers", "ownerReferences")) {
      JsonNode value = meta.get(field);
      if (value != null && (value.isNull() || value.isContainerNode() && value.isEmpty())) {
        meta.remove(field);
      }
    }
  }

  /**
   * Whether objects carry {@code metadata.generation}: custom resources and CRDs do; the built-in
   * core kinds served here (Namespace, ConfigMap, Secret, Event, Lease) do not, as in kube.
   */
  private static boolean tracksGeneration(ResourceType type) {
    return !type.builtin() || type.kind().equals("CustomResourceDefinition");
  }

  private static boolean specChanged(ResourceType type, ObjectNode current, ObjectNode next) {
    ObjectNode a = current.deepCopy();
    ObjectNode b = next.deepCopy();
    a.remove("metadata");
    b.remove("metadata");
    if (type.statusSubresource()) {
      a.remove("status");
      b.remove("status");
    }
    return !a.equals(b);
  }

  // --------------------------------------------------------------------------------- delete

  /**
   * Deletes an object (DELETE): at once, or by setting deletionTimestamp when finalizers remain.
   */
  public Result delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    String key = type.key(namespace, name);
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      Store.Kv kv = store.get(key).orElseThrow(() -> notFound(type, name));
      ObjectNode current = decode(kv);
      ObjectNode meta = metadataOf(current);
      if (options.preconditionUid() != null
          && !options.preconditionUid().equals(meta.path("uid").asText())) {
        throw new ApiException(
            409,
            "Conflict",
            "Operation cannot be fulfilled on "
                + type.groupResource()
                + " \""
                + name
                + "\": Precondition failed: UID in precondition: "
                + options.preconditionUid()
                + ", UID in object meta: "
                + meta.path("uid").asText(),
            ApiException.details(name, type.group(), type.plural()));
      }
      if (options.preconditionResourceVersion() != null
          && !options.preconditionResourceVersion().equals(resourceVersion(current))) {
        throw new ApiException(
            409,
            "Conflict",
            "Operation cannot be fulfilled on "
                + type.groupResource()
                + " \""
                + name
                + "\": Precondition failed: ResourceVersion in precondition: "
                + options.preconditionResourceVersion()
                + ", ResourceVersion in object meta: "
                + resourceVersion(current),
            ApiException.details(name, type.group(), type.plural()));
      }
      ObjectNode next = current.deepCopy();
      ObjectNode nextMeta = metadataOf(next);
      LinkedHashSet<String> finalizers = new LinkedHashSet<>(listOf(meta.path("finalizers")));
      String policy = options.propagationPolicy();
      if (!meta.has("deletionTimestamp") || "Orphan".equals(policy)) {
        if ("Orphan".equals(policy)) {
          finalizers.add(ORPHAN_FINALIZER);
          finalizers.remove(FOREGROUND_FINALIZER);
        } else if ("Foreground".equals(policy)) {
          finalizers.add(FOREGROUND_FINALIZER);
          finalizers.remove(ORPHAN_FINALIZER);
        }
      }
      boolean graceful = !finalizers.isEmpty() || builtins.deletesGracefully(type, current);
      if (!graceful) {
        if (options.dryRun()) {
          return new Result(deleteStatus(type, current), 200, List.of());
        }
        try {
          store.delete(key, kv.modRevision());
        } catch (ConflictException e) {
          continue;
        }
        builtins.afterDelete(type, current);
        return new Result(deleteStatus(type, current), 200, List.of());
      }
      if (meta.has("deletionTimestamp") && finalizers.equals(strings(meta.path("finalizers")))) {
        return new Result(current, 200, List.of());
      }
      ArrayNode list = nextMeta.putArray("finalizers");
      finalizers.forEach(list::add);
      if (finalizers.isEmpty()) {
        nextMeta.remove("finalizers");
      }
      if (!nextMeta.has("deletionTimestamp")) {
        nextMeta.put("deletionTimestamp", timestamp(now()));
        nextMeta.put("deletionGracePeriodSeconds", 0);
      }
      builtins.prepareDelete(type, next);
      if (options.dryRun()) {
        return new Result(next, 200, List.of());
      }
      try {
        Store.Kv written = store.update(key, encode(next), kv.modRevision(), ttlSeconds(type));
        ObjectNode stored = decode(written);
        return new Result(stored, 200, List.of());
      } catch (ConflictException e) {
        // changed meanwhile: try again on the new state
      }
    }
    throw new ApiException(500, "InternalError", "too many concurrent changes to " + name);
  }

  /** Deletes every object a list request selects (DELETE on a collection). */
  public ObjectNode deleteCollection(
      ResourceType type, String namespace, ListOptions listOptions, DeleteOptions options) {
    ObjectNode list = list(type, namespace, listOptions);
    ArrayNode deleted = NODES.arrayNode();
    for (JsonNode item : list.path("items")) {
      String name = item.path("metadata").path("name").asText();
      String ns = item.path("metadata").path("namespace").asText(null);
      try {
        Result result = delete(type, ns, name, options);
        deleted.add(
            result.object().path("kind").asText().equals("Status") ? item : result.object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    list.set("items", deleted);
    return list;
  }

  private ObjectNode deleteStatus(ResourceType type, ObjectNode object) {
    ObjectNode status = NODES.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = ApiException.details(objectName(object), type.group(), type.plural());
    details.put("uid", object.path("metadata").path("uid").asText());
    status.set("details", details);
    return status;
  }

  // ------------------------------------------------------------------------ update machinery

  /** Computes the next state from the current one; see {@link #guaranteedUpdate}. */
  @FunctionalInterface
  private interface UpdateFunction {
    ObjectNode next(ObjectNode current);
  }

  /**
   * kube-apiserver's GuaranteedUpdate: read, compute, compare-and-swap, retry on a lost race. A
   * no-op writes nothing (no new resourceVersion). An object whose deletion is pending and whose
   * finalizers are all gone is deleted instead.
   */
  private ObjectNode guaranteedUpdate(
      ResourceType type, String namespace, String name, WriteOptions options, UpdateFunction fn) {
    String key = type.key(namespace, name);
    boolean fresh = false;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      // The first read may be served locally (a stale value only costs a retry: the write is a
      // compare-and-swap); a conflict, and a precondition the stale value fails, read again
      // through the quorum.
      Store.Kv kv =
          (fresh ? store.get(key) : store.getSerializable(key))
              .orElseThrow(() -> notFound(type, name));
      ObjectNode current = decode(kv);
      ObjectNode next;
      try {
        next = fn.next(current);
      } catch (ApiException e) {
        if (e.code() == 409 && !fresh) {
          fresh = true;
          continue;
        }
        throw e;
      }
      metadataOf(next).put("resourceVersion", resourceVersion(current));
      if (next.equals(current)) {
        return current;
      }
      ObjectNode nextMeta = metadataOf(next);
      boolean finished =
          nextMeta.has("deletionTimestamp")
              && listOf(nextMeta.path("finalizers")).isEmpty()
              && !builtins.deletesGracefully(type, next);
      if (options.dryRun()) {
        return next;
      }
      try {
        if (finished) {
          long revision = store.delete(key, kv.modRevision());
          nextMeta.put("resourceVersion", Long.toString(revision));
          builtins.afterDelete(type, next);
          return next;
        }
        ObjectNode stored =
            decode(store.update(key, encode(next), kv.modRevision(), ttlSeconds(type)));
        builtins.afterWrite(type, stored);
        return stored;
      } catch (ConflictException e) {
        // lost a race: recompute on the new state; a client-supplied resourceVersion now fails
        fresh = true;
      }
    }
    throw new ApiException(500, "InternalError", "too many concurrent changes to " + name);
  }

  /** Core Events expire after an hour, re-armed on every write, as kube-apiserver's --event-ttl. */
  private static long ttlSeconds(ResourceType type) {
    return type.builtin() && type.kind().equals("Event") && type.group().isEmpty()
        ? EVENT_TTL_SECONDS
        : 0;
  }

  // ---------------------------------------------------------------------------------- codec

  /** Decodes a stored value, setting resourceVersion from its modRevision. */
  public ObjectNode decode(Store.Kv kv) {
    try {
      ObjectNode object = (ObjectNode) Json.MAPPER.readTree(kv.value());
      metadataOf(object).put("resourceVersion", Long.toString(kv.modRevision()));
      return object;
    } catch (IOException | ClassCastException e) {
      throw new ApiException(
          500, "InternalError", "stored object " + kv.key() + " is not valid JSON: " + e);
    }
  }

  /** Encodes an object for storage, without resourceVersion (as PrepareObjectForStorage does). */
  public static byte[] encode(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    metadataOf(copy).remove("resourceVersion");
    metadataOf(copy).remove("selfLink");
    return Json.bytes(copy);
  }

  // ------------------------------------------------------------------------------- helpers

  private void checkKind(ResourceType type, ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (apiVersion.isEmpty() && kind.isEmpty()) {
      body.put("apiVersion", type.apiVersion()).put("kind", type.kind());
      return;
    }
    if (!kind.equals(type.kind()) || !apiVersion.equals(type.apiVersion())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + type.apiVersion()
              + ")"
              + (kind.equals(type.kind()) ? "" : " or kind (" + kind + " vs " + type.kind() + ")"));
    }
  }

  /** 400 when the body names another object than the URL. */
  private static void checkName(ObjectNode metadata, String name) {
    String bodyName = metadata.path("name").asText("");
    if (!bodyName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
  }

  private static void checkNamespace(ResourceType type, String namespace, ObjectNode metadata) {
    String bodyNamespace = metadata.path("namespace").asText("");
    if (!type.namespaced()) {
      if (!bodyNamespace.isEmpty()) {
        metadata.remove("namespace");
      }
      return;
    }
    if (!bodyNamespace.isEmpty() && namespace != null && !bodyNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  /** NamespaceLifecycle: the namespace must exist and not be terminating. */
  private void requireActiveNamespace(ResourceType type, String namespace, String name) {
    ResourceType namespaces =
        registry.find("", "v1", "namespaces").orElseThrow(IllegalStateException::new);
    Optional<ObjectNode> ns = find(namespaces, null, namespace);
    if (ns.isEmpty()) {
      throw ApiException.notFound("namespaces", "", "namespaces", namespace);
    }
    if (ns.get().path("metadata").has("deletionTimestamp")) {
      ObjectNode details = ApiException.details(name, type.group(), type.plural());
      details
          .putArray("causes")
          .addObject()
          .put("reason", "NamespaceTerminating")
          .put("message", "namespace " + namespace + " is being terminated")
          .put("field", "metadata.namespace");
      throw new ApiException(
          403,
          "Forbidden",
          type.groupResource()
              + (name.isEmpty() ? "" : " \"" + name + "\"")
              + " is forbidden: unable to create new content in namespace "
              + namespace
              + " because it is being terminated",
          details);
    }
  }

  private static void validateOwnerReferences(ResourceType type, ObjectNode object) {
    JsonNode refs = object.path("metadata").path("ownerReferences");
    int controllers = 0;
    List<ApiException.Cause> causes = new ArrayList<>();
    int i = 0;
    for (JsonNode ref : refs) {
      for (String field : List.of("apiVersion", "kind", "name", "uid")) {
        if (ref.path(field).asText("").isEmpty()) {
          causes.add(
              new ApiException.Cause(
                  "FieldValueInvalid",
                  "metadata.ownerReferences[" + i + "]." + field,
                  "Invalid value: \"\": " + field + " must not be empty"));
        }
      }
      if (ref.path("controller").asBoolean(false)) {
        controllers++;
      }
      i++;
    }
    if (controllers > 1) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "metadata.ownerReferences",
              "Invalid value: []: Only one reference can have Controller set to true"));
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(type.kind(), type.group(), objectName(object), causes);
    }
  }

  private static String manager(WriteOptions options) {
    return options.fieldManager() == null || options.fieldManager().isEmpty()
        ? "unknown"
        : options.fieldManager();
  }

  /** The object's metadata, created when absent. */
  public static ObjectNode metadataOf(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  private static String objectName(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  /** The object's resourceVersion. */
  public static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  private static Set<String> strings(JsonNode array) {
    return new HashSet<>(listOf(array));
  }

  private static List<String> listOf(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** RFC 3339 with seconds precision, UTC, as metav1.Time serialises. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String randomSuffix() {
    StringBuilder s = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      s.append(GENERATE_ALPHABET.charAt(RANDOM.nextInt(GENERATE_ALPHABET.length())));
    }
    return s.toString();
  }

  /** Parses a resourceVersion parameter; 400 when it is not a revision. */
  public static long parseResourceVersion(String value) {
    try {
      long rv = Long.parseLong(value);
      if (rv < 0) {
        throw new NumberFormatException();
      }
      return rv;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resource version: " + value);
    }
  }

  /** 410 for a read at a compacted revision. */
  public static ApiException gone(String resourceVersion, CompactedException e) {
    return new ApiException(
        410,
        "Expired",
        "too old resource version: "
            + (resourceVersion == null ? e.requested() : resourceVersion)
            + " ("
            + e.compactRevision()
            + ")");
  }

  private static ApiException notFound(ResourceType type, String name) {
    return ApiException.notFound(type.groupResource(), type.group(), type.plural(), name);
  }

  private static ApiException alreadyExists(ResourceType type, String name) {
    return ApiException.alreadyExists(type.groupResource(), type.group(), type.plural(), name);
  }

  private static ApiException conflict(ResourceType type, String name) {
    return ApiException.conflict(type.groupResource(), type.group(), type.plural(), name);
  }

  /** 415 for a strategic merge patch on a custom resource. */
  public static ApiException unsupportedPatch() {
    return new ApiException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json-patch+json, application/merge-patch+json,"
            + " application/apply-patch+yaml");
  }

  /**
   * The opaque continue token: base64 of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"key"}}, the
   * start key relative to the list's prefix, as kube-apiserver encodes it.
   */
  record ContinueToken(long revision, String startKey) {
    String encode(String prefix) {
      ObjectNode token = NODES.objectNode();
      token.put("v", "meta.k8s.io/v1").put("rv", revision);
      token.put("start", startKey.substring(prefix.length()));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ContinueToken decode(String token, String prefix) {
      try {
        JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
        if (!"meta.k8s.io/v1".equals(node.path("v").asText())
            || !node.path("rv").canConvertToLong()
            || node.path("start").asText("").contains("..")) {
          throw new IllegalArgumentException();
        }
        return new ContinueToken(node.path("rv").asLong(), prefix + node.path("start").asText());
      } catch (IOException | IllegalArgumentException e) {
        throw ApiException.badRequest("continue key is not valid: " + token);
      }
    }
  }
}
