package dev.kumo.node;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Optimistic read-modify-write (the pattern of the controller manager's {@code Writes}, copied so
 * that the node daemon does not depend on the reconcilers module): mutate a copy, write it with its
 * resourceVersion, and on 409 re-read and mutate again. A mutation that changes nothing writes
 * nothing, so the controller manager's fields and ours never overwrite each other.
 */
final class Writes {
  private static final int ATTEMPTS = 8;

  private Writes() {}

  /**
   * Applies {@code mutate} to a copy of {@code current} and writes {@code /status} when it changed.
   *
   * @param mutate changes the object in place; returns false to abandon the write
   * @return the written object, or the unchanged one; null when the object is gone
   */
  static <T extends HasMetadata> T status(KubernetesClient client, T current, Predicate<T> mutate) {
    return write(client, current, mutate, true);
  }

  /** Like {@link #status} for metadata and spec (a PUT of the whole object). */
  static <T extends HasMetadata> T object(KubernetesClient client, T current, Predicate<T> mutate) {
    return write(client, current, mutate, false);
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T write(
      KubernetesClient client, T current, Predicate<T> mutate, boolean status) {
    T base = current;
    for (int attempt = 0; ; attempt++) {
      if (base == null) {
        return null;
      }
      T copy = Serialization.clone(base);
      if (!mutate.test(copy)) {
        return base;
      }
      if (Objects.equals(Serialization.asJson(copy), Serialization.asJson(base))) {
        return base;
      }
      try {
        var op = client.resource(copy);
        return status ? op.updateStatus() : op.update();
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return null;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt + 1 >= ATTEMPTS) {
          throw e;
        }
        base = (T) client.resource(base).get();
      }
    }
  }
}
