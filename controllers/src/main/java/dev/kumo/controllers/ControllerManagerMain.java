package dev.kumo.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kumo-controller-manager [--kubeconfig PATH] [--identity NAME] [--threads N]
 * [--no-leader-election]}: runs until SIGTERM.
 */
public final class ControllerManagerMain {
  private ControllerManagerMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path kubeconfig = null;
    String identity = defaultIdentity();
    boolean election = true;
    int threads = 32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i));
        case "--identity" -> identity = value(args, ++i);
        case "--threads" -> threads = Integer.parseInt(value(args, ++i));
        case "--no-leader-election" -> election = false;
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(64);
        }
      }
    }
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig);
    ControllerManager cm =
        ControllerManager.start(
            client, new ControllerManager.Options(identity, election, threads, true));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cm.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static String defaultIdentity() {
    try {
      return InetAddress.getLocalHost().getHostName()
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    } catch (UnknownHostException e) {
      return "kumo-" + UUID.randomUUID();
    }
  }
}
