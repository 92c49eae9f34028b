package dev.kumo.reconcilers.support;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about Kumo objects, as kube's event recorder does: in the object's
 * namespace ({@code default} for cluster-scoped objects), named {@code <object>.<random hex>}, from
 * component {@code kumo-controller-manager}. Recording is best effort: a failure is logged, never
 * thrown into a reconcile.
 */
public final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  /** Event type for normal transitions. */
  public static final String NORMAL = "Normal";

  /** Event type for problems a user should look at. */
  public static final String WARNING = "Warning";

  private final KubernetesClient client;
  private final String component;

  /** A recorder writing through {@code client} as {@code component}. */
  public Events(KubernetesClient client, String component) {
    this.client = client;
    this.component = component;
  }

  /** Records an event about {@code object}. */
  public void record(HasMetadata object, String type, String reason, String message) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(
                object.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(component)
            .endSource()
            .withReportingComponent(component)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.debug("could not record event {} on {}: {}", reason, object.getMetadata().getName(), e);
    }
  }
}
