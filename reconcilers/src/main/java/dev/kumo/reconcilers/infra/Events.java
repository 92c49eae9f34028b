package dev.kumo.reconcilers.infra;

import dev.kumo.api.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about Kumo objects, as {@code kubectl describe} and {@code kubectl get
 * events} show them. Events are best effort: a failure to record one is logged, never thrown.
 * Events about cluster-scoped objects go to namespace {@code default}, as Kubernetes does it.
 */
public final class Events {
  /** Type of an Event about normal operation. */
  public static final String NORMAL = "Normal";

  /** Type of an Event about something an administrator should look at. */
  public static final String WARNING = "Warning";

  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  private static final int MAX_MESSAGE = 1024;

  private Events() {}

  /** Records an Event about {@code object}. */
  public static void record(
      KubernetesClient client, HasMetadata object, String type, String reason, String message) {
    try {
      client.v1().events().resource(event(object, type, reason, message, Instant.now())).create();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record Event {} about {} {}: {}",
          reason,
          object.getKind(),
          object.getMetadata().getName(),
          e.toString());
    }
  }

  /** The Event object, without writing it. */
  public static Event event(
      HasMetadata object, String type, String reason, String message, Instant now) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String text =
        message == null || message.length() <= MAX_MESSAGE
            ? message
            : message.substring(0, MAX_MESSAGE - 3) + "...";
    return new EventBuilder()
        .withNewMetadata()
        .withName(
            object.getMetadata().getName()
                + "."
                + Long.toHexString(now.toEpochMilli())
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withNewSource()
        .withComponent(Labels.CONTROLLER_MANAGER)
        .endSource()
        .withReportingComponent(Labels.CONTROLLER_MANAGER)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .build();
  }
}
