package dev.kumo.apiserver.clients;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** fabric8 clients for the test server, and VmInstance objects to write with them. */
final class Clients {
  /** Kumo's VmInstance kind, as a generic resource. */
  static final ResourceDefinitionContext VMS =
      new ResourceDefinitionContext.Builder()
          .withGroup("compute.kumo.dev")
          .withVersion("v1alpha1")
          .withKind("VmInstance")
          .withPlural("vminstances")
          .withNamespaced(true)
          .build();

  private Clients() {}

  /**
   * A fabric8 client built from a kubeconfig on the Vert.x HTTP client (JOSDK's default), with
   * fabric8's default watch transport (WebSocket).
   */
  static KubernetesClient fabric8(Path kubeconfig) {
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (config.isOnlyHttpWatches()) {
      throw new IllegalStateException("the client must watch over WebSocket");
    }
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new VertxHttpClientFactory())
        .build();
  }

  /** Creates namespaces that do not exist yet. */
  static void createNamespaces(KubernetesClient client, String... names) {
    for (String name : names) {
      if (client.namespaces().withName(name).get() == null) {
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create();
      }
    }
  }

  /** A valid VmInstance. */
  static GenericKubernetesResource vm(String namespace, String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("compute.kumo.dev/v1alpha1")
        .withKind("VmInstance")
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "instanceOfferingRef",
                    "small",
                    "imageRef",
                    "img",
                    "nics",
                    List.of(Map.of("l3NetworkRef", "l3")))))
        .build();
  }

  /**
   * Runs a request until the server answers it, retrying while the server is unreachable or answers
   * 5xx (as during a restart); other errors are thrown.
   */
  static <T> T retrying(Callable<T> request) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        return request.call();
      } catch (KubernetesClientException e) {
        boolean transientError = e.getCode() < 100 || e.getCode() >= 500;
        if (!transientError || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
