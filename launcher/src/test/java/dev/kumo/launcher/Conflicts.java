package dev.kumo.launcher;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * What a user does when {@code kubectl edit} says the object has been modified: read it again and
 * redo the change. fabric8's {@code edit} sends the resourceVersion it read, and the controllers
 * write the same objects.
 */
final class Conflicts {
  private Conflicts() {}

  /** Runs {@code write} again on 409, up to ten times. */
  static <T> T retry(Supplier<T> write) {
    for (int attempt = 0; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }
}
