package dev.kumo.controllers;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** fabric8 clients for Kumo's processes. */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A client from a kubeconfig file (or, with null, fabric8's usual discovery: in-cluster service
   * account, $KUBECONFIG, ~/.kube/config), allowed enough concurrent requests for a busy controller
   * (fabric8 allows 5 per host by default).
   */
  public static KubernetesClient fromKubeconfig(Path kubeconfig) {
    Config config;
    try {
      config =
          kubeconfig == null
              ? Config.autoConfigure(null)
              : Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(128);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new VertxHttpClientFactory())
        .build();
  }
}
