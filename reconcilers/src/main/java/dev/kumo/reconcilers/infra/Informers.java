package dev.kumo.reconcilers.infra;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Informer event sources for objects of other kinds that a status depends on, and reads from their
 * caches during a reconcile. Every source is named so that one reconciler may watch one kind twice.
 */
public final class Informers {
  private Informers() {}

  /**
   * A source over every object of {@code type} (all namespaces for namespaced kinds).
   *
   * @param mapper the primaries to reconcile when an object of {@code type} changes
   */
  public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> source(
      String name,
      Class<R> type,
      EventSourceContext<P> context,
      SecondaryToPrimaryMapper<R> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
            .withName(name)
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  /** A source over the objects of {@code type} in one namespace. */
  public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> source(
      String name,
      Class<R> type,
      String namespace,
      EventSourceContext<P> context,
      SecondaryToPrimaryMapper<R> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
            .withName(name)
            .withNamespaces(namespace)
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  /** The cached objects of the named source that match {@code filter}. */
  public static <R extends HasMetadata> List<R> list(
      Context<?> context, Class<R> type, String source, Predicate<R> filter) {
    return cache(context, type, source).list(filter).toList();
  }

  /** The cached object of the named source with this name (and namespace, or null). */
  public static <R extends HasMetadata> Optional<R> get(
      Context<?> context, Class<R> type, String source, String name, String namespace) {
    if (name == null) {
      return Optional.empty();
    }
    return cache(context, type, source).get(new ResourceID(name, namespace));
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> ManagedInformerEventSource<R, ?, ?> cache(
      Context<?> context, Class<R> type, String source) {
    return (ManagedInformerEventSource<R, ?, ?>)
        context.eventSourceRetriever().getEventSourceFor(type, source);
  }

  /** The ids of cluster-scoped primaries with these names (nulls are skipped). */
  public static Set<ResourceID> ids(Collection<String> names) {
    return names == null
        ? Set.of()
        : names.stream()
            .filter(Objects::nonNull)
            .map(ResourceID::new)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** The ids of cluster-scoped primaries with these names (nulls are skipped). */
  public static Set<ResourceID> ids(String... names) {
    return ids(Stream.of(names).filter(Objects::nonNull).toList());
  }

  /** The ids of these objects. */
  public static Set<ResourceID> idsOf(Stream<? extends HasMetadata> objects) {
    return objects.map(ResourceID::fromResource).collect(Collectors.toUnmodifiableSet());
  }
}
