package dev.kumo.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.storage.CompactedException;
import dev.kumo.apiserver.storage.Store;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Watches as kube-apiserver serves them: an initial snapshot as ADDED events when the client asks
 * for "any" version, then every change after the start revision, translated through the selectors
 * (an object entering the selection is ADDED, one leaving it DELETED), bookmarks on request, and a
 * 410 ERROR event when the start revision has been compacted.
 */
public final class WatchService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResourceService resources;
  private final WatchSource source;

  /** Where changes come from: etcd directly, or a watch cache in front of it. */
  public interface WatchSource {
    /**
     * The current objects under a prefix and the revision they were read at.
     *
     * @param minRevision the snapshot must be at least this fresh (0: any)
     */
    Snapshot snapshot(ResourceType type, String prefix, long minRevision);

    /**
     * Delivers the changes under a prefix after {@code afterRevision}, in order.
     *
     * @throws CompactedException when changes after {@code afterRevision} are no longer available
     */
    Subscription subscribe(
        ResourceType type, String prefix, long afterRevision, ChangeListener listener);
  }

  /**
   * One change to an object.
   *
   * @param type ADDED, MODIFIED or DELETED
   * @param object the object after the change (for DELETED: null)
   * @param previous the object before the change, or null (shared: do not modify)
   * @param revision the change's revision
   */
  public record Change(
      Store.EventType type, ObjectNode object, ObjectNode previous, long revision) {}

  /** Receives changes in revision order. */
  public interface ChangeListener {
    void onChange(Change change);

    /** The source ended; {@link CompactedException} when the client must re-list. */
    void onError(Throwable error);
  }

  /** Objects and the revision they are current at. */
  public record Snapshot(List<ObjectNode> objects, long revision) {}

  /** A running subscription. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Receives a watch's events (already filtered); called from one thread at a time. */
  public interface Sink {
    /** One event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
    void event(String type, ObjectNode object);

    /** The watch ended from the server side (after an ERROR event, or when the source failed). */
    void end();
  }

  public WatchService(ResourceService resources, WatchSource source) {
    this.resources = resources;
    this.source = source;
  }

  /**
   * Options of a watch.
   *
   * @param list selectors and resourceVersion
   * @param bookmarks {@code allowWatchBookmarks=true}
   * @param sendInitialEvents {@code sendInitialEvents=true} (watch-list)
   */
  public record WatchOptions(
      ResourceService.ListOptions list, boolean bookmarks, boolean sendInitialEvents) {}

  /** A started watch: close it when the client goes away or the timeout expires. */
  public final class Handle implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong revision;
    private final ResourceType type;
    private final boolean bookmarks;
    private final Sink sink;
    private volatile Subscription subscription;

    private Handle(ResourceType type, long revision, boolean bookmarks, Sink sink) {
      this.type = type;
      this.revision = new AtomicLong(revision);
      this.bookmarks = bookmarks;
      this.sink = sink;
    }

    /** Sends a BOOKMARK with the latest revision seen, if the client allowed bookmarks. */
    public synchronized void bookmark() {
      if (bookmarks && !closed.get()) {
        sink.event("BOOKMARK", bookmarkObject(type, revision.get(), false));
      }
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true) && subscription != null) {
        subscription.close();
      }
    }

    private synchronized void deliver(String eventType, ObjectNode object, long rev) {
      if (closed.get()) {
        return;
      }
      revision.set(rev);
      sink.event(eventType, object);
    }

    private synchronized void advance(long rev) {
      revision.set(rev);
    }
  }

  /**
   * A list served from the source's current state ({@code resourceVersion=0}: "any recent state",
   * which kube-apiserver serves from its watch cache, ignoring {@code limit}).
   */
  public ObjectNode cachedList(
      ResourceType type, String namespace, ResourceService.ListOptions options) {
    Predicate<JsonNode> filter =
        resources.filter(type, options.labelSelector(), options.fieldSelector());
    Snapshot snapshot = source.snapshot(type, type.keyPrefix(namespace), 0);
    ObjectNode list = NODES.objectNode();
    list.put("apiVersion", type.apiVersion()).put("kind", type.listKind());
    list.putObject("metadata").put("resourceVersion", Long.toString(snapshot.revision()));
    var items = list.putArray("items");
    for (ObjectNode object : snapshot.objects()) {
      if (filter.test(object)) {
        items.add(object);
      }
    }
    return list;
  }

  /** Starts a watch; initial events are sent before this returns. */
  public Handle watch(ResourceType type, String namespace, WatchOptions options, Sink sink) {
    ResourceService.ListOptions list = options.list();
    Predicate<JsonNode> filter = resources.filter(type, list.labelSelector(), list.fieldSelector());
    String prefix = type.keyPrefix(namespace);
    String rv = list.resourceVersion();
    boolean initial = rv == null || rv.isEmpty() || rv.equals("0") || options.sendInitialEvents();
    long start;
    Handle handle;
    if (initial) {
      long min = 0;
      if (options.sendInitialEvents() && rv != null && !rv.isEmpty() && !rv.equals("0")) {
        min = ResourceService.parseResourceVersion(rv);
      }
      Snapshot snapshot = source.snapshot(type, prefix, min);
      start = snapshot.revision();
      handle = new Handle(type, start, options.bookmarks(), sink);
      for (ObjectNode object : snapshot.objects()) {
        if (filter.test(object)) {
          handle.deliver("ADDED", object, Long.parseLong(ResourceService.resourceVersion(object)));
        }
      }
      handle.advance(start);
      if (options.sendInitialEvents()) {
        sink.event("BOOKMARK", bookmarkObject(type, start, true));
      }
    } else {
      start = ResourceService.parseResourceVersion(rv);
      handle = new Handle(type, start, options.bookmarks(), sink);
    }
    Handle h = handle;
    try {
      handle.subscription =
          source.subscribe(
              type,
              prefix,
              start,
              new ChangeListener() {
                @Override
                public void onChange(Change change) {
                  translate(change, filter, h);
                }

                @Override
                public void onError(Throwable error) {
                  if (error instanceof CompactedException compacted) {
                    h.deliver("ERROR", ResourceService.gone(rv, compacted).status(), start);
                  } else {
                    h.deliver(
                        "ERROR",
                        new ApiException(
                                500, "InternalError", "watch failed: " + error.getMessage())
                            .status(),
                        start);
                  }
                  h.close();
                  sink.end();
                }
              });
    } catch (CompactedException e) {
      sink.event("ERROR", ResourceService.gone(rv, e).status());
      handle.close();
      sink.end();
    }
    return handle;
  }

  private void translate(Change change, Predicate<JsonNode> filter, Handle handle) {
    long revision = change.revision();
    ObjectNode object = change.type() == Store.EventType.DELETED ? null : change.object();
    ObjectNode previous = change.previous();
    boolean now = object != null && filter.test(object);
    boolean before = previous != null && filter.test(previous);
    if (now && before) {
      handle.deliver("MODIFIED", object, revision);
    } else if (now) {
      handle.deliver("ADDED", object, revision);
    } else if (before) {
      ObjectNode gone = previous.deepCopy();
      ResourceService.metadataOf(gone).put("resourceVersion", Long.toString(revision));
      handle.deliver("DELETED", gone, revision);
    } else {
      handle.advance(revision);
    }
  }

  /** A BOOKMARK event's object: kind, apiVersion and metadata.resourceVersion only. */
  static ObjectNode bookmarkObject(ResourceType type, long revision, boolean initialEventsEnd) {
    ObjectNode object = NODES.objectNode();
    object.put("kind", type.kind()).put("apiVersion", type.apiVersion());
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("resourceVersion", Long.toString(revision));
    if (initialEventsEnd) {
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return object;
  }

  /** A source that reads and watches etcd directly (one etcd watch per client watch). */
  public static WatchSource direct(ResourceService resources) {
    Store store = resources.store();
    return new WatchSource() {
      @Override
      public Snapshot snapshot(ResourceType type, String prefix, long minRevision) {
        Store.Page page = store.list(prefix, null, 0, 0);
        List<ObjectNode> objects = page.kvs().stream().map(resources::decode).toList();
        return new Snapshot(objects, page.revision());
      }

      @Override
      public Subscription subscribe(
          ResourceType type, String prefix, long afterRevision, ChangeListener listener) {
        Store.Watch watch =
            store.watch(
                prefix,
                afterRevision + 1,
                new Store.WatchListener() {
                  @Override
                  public void onEvents(List<Store.Event> events) {
                    for (Store.Event event : events) {
                      listener.onChange(
                          new Change(
                              event.type(),
                              event.type() == Store.EventType.DELETED
                                  ? null
                                  : resources.decode(event.kv()),
                              event.prev() == null ? null : resources.decode(event.prev()),
                              event.revision()));
                    }
                  }

                  @Override
                  public void onError(Throwable error) {
                    listener.onError(error);
                  }
                });
        return watch::close;
      }
    };
  }
}
