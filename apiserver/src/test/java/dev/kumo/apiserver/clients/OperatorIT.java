package dev.kumo.apiserver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.apiserver.server.ServerFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JOSDK 5.2.3 operator against kumo-apiserver with JOSDK's defaults (server-side apply for
 * finalizers, status and the SSA dependent; leader election on a Lease): the full lifecycle of a
 * Widget, a steady state that writes nothing, and an API server restart in the middle.
 */
class OperatorIT {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorIT.class);
  private static final String NS = "widgets";
  private static final String FINALIZER = "widgets.test.kumo.dev/finalizer";
  private static final String LEASE = "widget-operator-lease";
  private static final String IDENTITY = "widget-operator-test";

  private static ServerFixture fixture;
  private static KubernetesClient client;
  private static Operator operator;
  private static final AtomicInteger STOPPED_LEADING = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    client = Clients.fabric8(fixture.kubeconfig());
    try (InputStream crd =
        OperatorIT.class.getResourceAsStream("/clients/widgets.test.kumo.dev.yaml")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    }
    waitFor(() -> tryList(), 30, "widgets to be served");
    Clients.createNamespaces(client, NS);
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(Clients.fabric8(fixture.kubeconfig()))
                    .withCloseClientOnStop(true)
                    .withLeaderElectionConfiguration(
                        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                            .withLeaseNamespace("default")
                            .withIdentity(IDENTITY)
                            .withExitOnStopLeading(false)
                            .withLeaderCallbacks(
                                new LeaderCallbacks(
                                    () -> {}, STOPPED_LEADING::incrementAndGet, leader -> {}))
                            .build()));
    operator.register(new WidgetReconciler());
    operator.start();
  }

  private static boolean tryList() {
    try {
      client.resources(Widget.class).inAnyNamespace().list();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static Widget widget(String name) {
    return client.resources(Widget.class).inNamespace(NS).withName(name).get();
  }

  private static ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get();
  }

  private static Widget createWidget(String name, int size, String message) {
    Widget widget = new Widget();
    widget.getMetadata().setName(name);
    widget.getMetadata().setNamespace(NS);
    Widget.Spec spec = new Widget.Spec();
    spec.setSize(size);
    spec.setMessage(message);
    widget.setSpec(spec);
    return client.resources(Widget.class).resource(widget).create();
  }

  /** Waits until the operator reconciled the widget's current generation with these contents. */
  private static Widget awaitReconciled(String name, long generation, int size, String message)
      throws Exception {
    waitFor(
        () -> {
          Widget w = widget(name);
          ConfigMap plain = configMap(name + "-plain");
          ConfigMap applied = configMap(name + "-applied");
          Map<String, String> data = Map.of("size", Integer.toString(size), "message", message);
          return w != null
              && w.getMetadata().getGeneration() == generation
              && w.getMetadata().getFinalizers().contains(FINALIZER)
              && w.getStatus() != null
              && "Ready".equals(w.getStatus().getState())
              && Long.valueOf(generation).equals(w.getStatus().getObservedGeneration())
              && plain != null
              && data.equals(plain.getData())
              && applied != null
              && data.equals(applied.getData());
        },
        30,
        name + " reconciled at generation " + generation);
    Widget w = widget(name);
    for (String suffix : List.of("-plain", "-applied")) {
      List<OwnerReference> owners = configMap(name + suffix).getMetadata().getOwnerReferences();
      assertEquals(1, owners.size(), suffix + " owners");
      assertEquals(w.getMetadata().getUid(), owners.get(0).getUid());
      assertEquals("Widget", owners.get(0).getKind());
      assertEquals("test.kumo.dev/v1", owners.get(0).getApiVersion());
    }
    return w;
  }

  private static Optional<ManagedFieldsEntry> applyEntry(HasMetadata object, String subresource) {
    return object.getMetadata().getManagedFields().stream()
        .filter(
            e ->
                WidgetReconciler.NAME.equals(e.getManager())
                    && "Apply".equals(e.getOperation())
                    && java.util.Objects.equals(subresource, e.getSubresource()))
        .findFirst();
  }

  /** Over a few seconds of reconciles every second, nothing is written. */
  private static void assertSteadyState(String name) throws Exception {
    // let events from the last writes settle first
    Thread.sleep(2000);
    String widgetVersion = widget(name).getMetadata().getResourceVersion();
    String plainVersion = configMap(name + "-plain").getMetadata().getResourceVersion();
    String appliedVersion = configMap(name + "-applied").getMetadata().getResourceVersion();
    int writes = WidgetReconciler.DEPENDENT_WRITES.get();
    int reconciles = WidgetReconciler.RECONCILES.get();
    Thread.sleep(5000);
    int reconciled = WidgetReconciler.RECONCILES.get() - reconciles;
    assertTrue(reconciled >= 3, "the operator kept reconciling: " + reconciled);
    assertEquals(writes, WidgetReconciler.DEPENDENT_WRITES.get(), "no dependent re-applied");
    assertEquals(widgetVersion, widget(name).getMetadata().getResourceVersion(), "widget");
    assertEquals(
        plainVersion, configMap(name + "-plain").getMetadata().getResourceVersion(), "plain");
    assertEquals(
        appliedVersion, configMap(name + "-applied").getMetadata().getResourceVersion(), "applied");
    LOG.info("steady state of {}: {} reconciles in 5 s, no writes", name, reconciled);
  }

  @Test
  void widgetLifecycleThroughARestart() throws Exception {
    long started = System.nanoTime();
    // create: finalizer by SSA, status by SSA on /status, dependents with owner references
    createWidget("w1", 1, "hello");
    Widget w1 = awaitReconciled("w1", 1, 1, "hello");
    assertTrue(applyEntry(w1, null).isPresent(), "the finalizer's Apply entry");
    assertEquals(
        "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"" + FINALIZER + "\\\"\":{}}}}",
        client.getKubernetesSerialization().asJson(applyEntry(w1, null).get().getFieldsV1()));
    assertTrue(applyEntry(w1, "status").isPresent(), "the status Apply entry");
    ConfigMap applied = configMap("w1-applied");
    assertTrue(applyEntry(applied, null).isPresent(), "the SSA dependent's Apply entry");
    assertSteadyState("w1");

    // change the spec: generation 2, dependents updated, observedGeneration 2
    client
        .resources(Widget.class)
        .inNamespace(NS)
        .withName("w1")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"size\":2,\"message\":\"changed\"}}");
    awaitReconciled("w1", 2, 2, "changed");
    assertSteadyState("w1");

    // restart the API server under the running operator
    Lease before = client.leases().inNamespace("default").withName(LEASE).get();
    assertNotNull(before, "the operator holds its Lease");
    assertEquals(IDENTITY, before.getSpec().getHolderIdentity());
    fixture.restart();
    ZonedDateTime restartedAt = ZonedDateTime.now();
    createWidget("w2", 5, "after restart");
    awaitReconciled("w2", 1, 5, "after restart");
    waitFor(
        () -> {
          Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
          return IDENTITY.equals(lease.getSpec().getHolderIdentity())
              && lease.getSpec().getRenewTime().isAfter(restartedAt.plusSeconds(2));
        },
        20,
        "the Lease to be renewed after the restart");
    assertEquals(0, STOPPED_LEADING.get(), "the operator never lost leadership");
    assertEquals(
        before.getSpec().getLeaseTransitions(),
        client
            .leases()
            .inNamespace("default")
            .withName(LEASE)
            .get()
            .getSpec()
            .getLeaseTransitions());
    client
        .resources(Widget.class)
        .inNamespace(NS)
        .withName("w1")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":3}}");
    awaitReconciled("w1", 3, 3, "changed");
    assertSteadyState("w2");

    // delete: the cleaner runs, the finalizer goes, the widget goes, the GC takes the ConfigMaps
    client.resources(Widget.class).inNamespace(NS).withName("w1").delete();
    waitFor(() -> widget("w1") == null, 30, "w1 to be gone");
    assertTrue(WidgetReconciler.CLEANED.contains(NS + "/w1"), "cleanup ran for w1");
    waitFor(
        () -> configMap("w1-plain") == null && configMap("w1-applied") == null,
        30,
        "the garbage collector to delete w1's ConfigMaps");
    assertNotNull(widget("w2"));
    assertNotNull(configMap("w2-plain"));
    assertNotNull(configMap("w2-applied"));
    LOG.info(
        "operator lifecycle done in {} ms: {} reconciles, {} dependent writes",
        (System.nanoTime() - started) / 1_000_000,
        WidgetReconciler.RECONCILES.get(),
        WidgetReconciler.DEPENDENT_WRITES.get());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
