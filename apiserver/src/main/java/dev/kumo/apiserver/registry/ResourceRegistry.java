package dev.kumo.apiserver.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every resource the server serves right now: the built-in kinds, plus the kinds of every
 * established CustomResourceDefinition. Reads are lock-free snapshots; CRD changes swap the
 * snapshot and notify listeners (discovery and OpenAPI documents, watch caches).
 */
public final class ResourceRegistry {
  private final List<ResourceType> builtins;
  private final Map<String, List<ResourceType>> byCrd = new LinkedHashMap<>();
  private final List<Consumer<ResourceRegistry>> listeners = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;

  public ResourceRegistry(List<ResourceType> builtins) {
    this.builtins = List.copyOf(builtins);
    this.snapshot = new Snapshot(this.builtins, 0);
  }

  /** A consistent view of the served types. */
  public record Snapshot(List<ResourceType> types, long generation) {}

  /** The current view. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** Every served type. */
  public List<ResourceType> all() {
    return snapshot.types();
  }

  /** The type served at {@code group/version} under {@code plural}. */
  public Optional<ResourceType> find(String group, String version, String plural) {
    for (ResourceType t : snapshot.types()) {
      if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type of objects with this apiVersion and kind. */
  public Optional<ResourceType> findKind(String apiVersion, String kind) {
    for (ResourceType t : snapshot.types()) {
      if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether anything is served under {@code group/version}. */
  public boolean servesGroupVersion(String group, String version) {
    return snapshot.types().stream()
        .anyMatch(t -> t.group().equals(group) && t.version().equals(version));
  }

  /** Serves (or re-serves, after a change) the kinds of one CRD. */
  public synchronized void putCrd(String crdName, List<ResourceType> types) {
    List<ResourceType> previous = byCrd.put(crdName, List.copyOf(types));
    if (!types.equals(previous)) {
      publish();
    }
  }

  /** Stops serving the kinds of one CRD. */
  public synchronized void removeCrd(String crdName) {
    if (byCrd.remove(crdName) != null) {
      publish();
    }
  }

  /** The types a CRD currently contributes. */
  public synchronized List<ResourceType> crdTypes(String crdName) {
    return byCrd.getOrDefault(crdName, List.of());
  }

  /** Called with the registry after every change. */
  public void addListener(Consumer<ResourceRegistry> listener) {
    listeners.add(listener);
  }

  private void publish() {
    List<ResourceType> types = new ArrayList<>(builtins);
    byCrd.values().forEach(types::addAll);
    snapshot = new Snapshot(List.copyOf(types), snapshot.generation() + 1);
    listeners.forEach(l -> l.accept(this));
  }
}
