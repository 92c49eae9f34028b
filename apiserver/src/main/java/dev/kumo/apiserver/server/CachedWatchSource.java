package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.rest.WatchService;
import dev.kumo.apiserver.storage.Store;
import dev.kumo.apiserver.storage.TooOldResourceVersionException;
import dev.kumo.apiserver.storage.WatchCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches and {@code resourceVersion=0} lists served from one {@link WatchCache} per resource type
 * (kube-apiserver's cacher): however many informers watch a kind, etcd sees one watch for it.
 * Caches start on first use and live until the server stops.
 */
final class CachedWatchSource implements WatchService.WatchSource, AutoCloseable {
  /** Recent events kept per type for watches resuming from an older resourceVersion. */
  static final int EVENT_CAPACITY = 10_000;

  private final ResourceService resources;
  private final WatchService.WatchSource etcd;
  private final Map<String, WatchCache<ObjectNode>> caches = new ConcurrentHashMap<>();

  CachedWatchSource(ResourceService resources) {
    this.resources = resources;
    this.etcd = WatchService.direct(resources);
  }

  /** The cache of a type's objects (all namespaces), started on first use. */
  WatchCache<ObjectNode> cache(ResourceType type) {
    return caches.computeIfAbsent(
        type.storagePrefix(),
        prefix -> {
          WatchCache<ObjectNode> cache =
              new WatchCache<>(resources.store(), prefix + "/", resources::decode, EVENT_CAPACITY);
          cache.start();
          return cache;
        });
  }

  @Override
  public WatchService.Snapshot snapshot(ResourceType type, String prefix, long minRevision) {
    WatchCache<ObjectNode> cache = cache(type);
    if (minRevision > 0) {
      cache.waitUntilFresh(minRevision, Duration.ofSeconds(3));
    }
    WatchCache.Snapshot<ObjectNode> snapshot = cache.snapshot();
    List<ObjectNode> objects = new ArrayList<>();
    for (WatchCache.Entry<ObjectNode> entry : snapshot.entries()) {
      if (entry.key().startsWith(prefix)) {
        objects.add(entry.object());
      }
    }
    return new WatchService.Snapshot(objects, snapshot.revision());
  }

  @Override
  public WatchService.Subscription subscribe(
      ResourceType type, String prefix, long afterRevision, WatchService.ChangeListener listener) {
    WatchCache<ObjectNode> cache = cache(type);
    if (afterRevision > cache.revision()) {
      cache.waitUntilFresh(afterRevision, Duration.ofSeconds(3));
    }
    try {
      WatchCache.Subscription subscription =
          cache.subscribe(
              afterRevision == 0 ? cache.revision() : afterRevision,
              new WatchCache.Listener<>() {
                @Override
                public void onEvent(WatchCache.Event<ObjectNode> event) {
                  if (!event.key().startsWith(prefix)) {
                    return;
                  }
                  listener.onChange(
                      new WatchService.Change(
                          event.type(),
                          event.type() == Store.EventType.DELETED ? null : event.object(),
                          event.previous(),
                          event.revision()));
                }

                @Override
                public void onError(Throwable error) {
                  listener.onError(error);
                }
              });
      return subscription::close;
    } catch (TooOldResourceVersionException e) {
      // Older than the cache remembers (e.g. a client resuming after this server restarted):
      // etcd still has the history unless it was compacted, so serve this watch from etcd
      // directly rather than forcing a re-list; a compacted revision still ends in 410.
      return etcd.subscribe(type, prefix, afterRevision, listener);
    }
  }

  @Override
  public void close() {
    caches.values().forEach(WatchCache::close);
    caches.clear();
  }
}
