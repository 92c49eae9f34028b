package dev.kumo.apiserver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.apiserver.server.ServerFixture;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8 7.5.2 on its Vert.x HTTP client, watching over WebSocket: shared informers across
 * namespaces stay exact through many writes and an API server restart, paged lists are consistent,
 * and watches deliver bookmarks.
 */
class Fabric8InformerIT {
  private static final Logger LOG = LoggerFactory.getLogger(Fabric8InformerIT.class);
  private static final int WRITERS = 3;
  private static final int OBJECTS_PER_WRITER = 40;

  private static ServerFixture fixture;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
    client = Clients.fabric8(fixture.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Counts what an informer's handler is told. */
  private static final class Recorder implements ResourceEventHandler<GenericKubernetesResource> {
    private final Set<String> namespaces;
    final Set<String> added = ConcurrentHashMap.newKeySet();
    final AtomicInteger addCalls = new AtomicInteger();
    final AtomicInteger updateCalls = new AtomicInteger();
    final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger unknownFinalState = new AtomicInteger();

    /** Records only objects in these namespaces (other tests share the server). */
    Recorder(Set<String> namespaces) {
      this.namespaces = namespaces;
    }

    private boolean ignored(GenericKubernetesResource obj) {
      return !namespaces.contains(obj.getMetadata().getNamespace());
    }

    @Override
    public void onAdd(GenericKubernetesResource obj) {
      if (ignored(obj)) {
        return;
      }
      addCalls.incrementAndGet();
      added.add(key(obj));
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
      if (ignored(newObj)) {
        return;
      }
      updateCalls.incrementAndGet();
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      if (ignored(obj)) {
        return;
      }
      deleted.add(key(obj));
      if (deletedFinalStateUnknown) {
        unknownFinalState.incrementAndGet();
      }
    }
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** Names (namespace/name) and resourceVersions. */
  private static Map<String, String> versions(List<? extends HasMetadata> objects) {
    Map<String, String> versions = new TreeMap<>();
    for (HasMetadata object : objects) {
      versions.put(key(object), object.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private static Map<String, String> serverVersions(String... namespaces) throws Exception {
    Map<String, String> all = new TreeMap<>();
    for (String ns : namespaces) {
      all.putAll(
          versions(
              Clients.retrying(
                      () -> client.genericKubernetesResources(Clients.VMS).inNamespace(ns).list())
                  .getItems()));
    }
    return all;
  }

  private static Map<String, String> cacheVersions(
      SharedIndexInformer<GenericKubernetesResource> informer, Set<String> namespaces) {
    return versions(
        informer.getStore().list().stream()
            .filter(o -> namespaces.contains(o.getMetadata().getNamespace()))
            .toList());
  }

  /** Records of what one writer did that the server acknowledged. */
  private record Writes(Set<String> created, Set<String> deleted, int updates) {}

  /**
   * Creates, updates (merge patches of a label) and deletes VmInstances in two namespaces until
   * {@link #OBJECTS_PER_WRITER} objects were created; retries requests the restart interrupts.
   */
  private static Writes write(int writer, String[] namespaces, AtomicInteger progress)
      throws Exception {
    Set<String> created = new TreeSet<>();
    Set<String> deleted = new TreeSet<>();
    int updates = 0;
    List<String[]> live = new ArrayList<>();
    for (int i = 0; i < OBJECTS_PER_WRITER; i++) {
      String ns = namespaces[i % namespaces.length];
      String name = "vm-w" + writer + "-" + i;
      GenericKubernetesResource vm = Clients.vm(ns, name);
      Clients.retrying(
          () -> {
            try {
              return client.genericKubernetesResources(Clients.VMS).resource(vm).create();
            } catch (KubernetesClientException e) {
              if (e.getCode() == 409) {
                return null; // an earlier try was committed but its reply was lost
              }
              throw e;
            }
          });
      created.add(ns + "/" + name);
      live.add(new String[] {ns, name});
      for (int u = 0; u < 2 && !live.isEmpty(); u++) {
        String[] target = live.get((i * 7 + u * 3) % live.size());
        String patch = "{\"metadata\":{\"labels\":{\"round\":\"" + i + "-" + u + "\"}}}";
        Clients.retrying(
            () ->
                client
                    .genericKubernetesResources(Clients.VMS)
                    .inNamespace(target[0])
                    .withName(target[1])
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        updates++;
      }
      if (i % 3 == 2) {
        String[] victim = live.remove((i * 5) % live.size());
        Clients.retrying(
            () ->
                client
                    .genericKubernetesResources(Clients.VMS)
                    .inNamespace(victim[0])
                    .withName(victim[1])
                    .delete());
        deleted.add(victim[0] + "/" + victim[1]);
      }
      progress.incrementAndGet();
    }
    return new Writes(created, deleted, updates);
  }

  @Test
  void informersConvergeThroughWritesAndARestart() throws Exception {
    long started = System.nanoTime();
    String[] namespaces = {"informer-a", "informer-b"};
    Clients.createNamespaces(client, namespaces);
    Set<String> nsSet = Set.of(namespaces);
    Recorder recorder = new Recorder(nsSet);
    SharedIndexInformer<GenericKubernetesResource> informer =
        client.genericKubernetesResources(Clients.VMS).inAnyNamespace().inform(recorder, 0);
    Recorder pagedRecorder = new Recorder(nsSet);
    SharedIndexInformer<GenericKubernetesResource> paged = null;
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      AtomicInteger progress = new AtomicInteger();
      List<Future<Writes>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> write(writer, namespaces, progress)));
      }
      int total = WRITERS * OBJECTS_PER_WRITER;
      waitFor(() -> failFast(writers) && progress.get() >= total / 3, 120, "a third of the writes");
      // A second informer that lists in pages of 7 objects while writes go on.
      paged =
          client
              .genericKubernetesResources(Clients.VMS)
              .inAnyNamespace()
              .withLimit(7L)
              .inform(pagedRecorder, 0);
      paged.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      waitFor(() -> failFast(writers) && progress.get() >= total / 2, 120, "half of the writes");
      LOG.info("restarting the API server after {} of {} objects", progress.get(), total);
      fixture.restart();
      Set<String> created = new TreeSet<>();
      Set<String> deleted = new TreeSet<>();
      int updates = 0;
      for (Future<Writes> writer : writers) {
        Writes writes = writer.get(180, TimeUnit.SECONDS);
        created.addAll(writes.created());
        deleted.addAll(writes.deleted());
        updates += writes.updates();
      }
      Map<String, String> expected = serverVersions(namespaces);
      SharedIndexInformer<GenericKubernetesResource> pagedInformer = paged;
      waitFor(
          () ->
              cacheVersions(informer, nsSet).equals(expected)
                  && cacheVersions(pagedInformer, nsSet).equals(expected),
          60,
          "the informer caches to match the server's list");
      waitFor(() -> recorder.deleted.size() >= deleted.size(), 30, "every deletion");

      assertEquals(created.size() - deleted.size(), expected.size());
      assertEquals(created, new TreeSet<>(recorder.added), "every creation seen once as an add");
      assertEquals(created.size(), recorder.addCalls.get(), "no creation reported twice");
      assertEquals(deleted.size(), recorder.deleted.size(), "each deletion seen once");
      assertEquals(deleted, new TreeSet<>(recorder.deleted));
      assertEquals(0, recorder.unknownFinalState.get(), "no deletion missed and inferred");
      assertTrue(recorder.updateCalls.get() >= 1, "updates were seen");
      assertEquals(0, pagedRecorder.unknownFinalState.get(), "paged: no deletion inferred");
      assertTrue(informer.isWatching(), "the informer watches again after the restart");
      LOG.info(
          "informer converged: {} created, {} updates, {} deleted, {} left; handler saw {} adds,"
              + " {} updates, {} deletes; paged informer saw {} adds, {} deletes; {} ms",
          created.size(),
          updates,
          deleted.size(),
          expected.size(),
          recorder.addCalls.get(),
          recorder.updateCalls.get(),
          recorder.deleted.size(),
          pagedRecorder.addCalls.get(),
          pagedRecorder.deleted.size(),
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      pool.shutdownNow();
      informer.close();
      if (paged != null) {
        paged.close();
      }
    }
  }

  @Test
  void pagedListIsOneConsistentSnapshot() throws Exception {
    String ns = "paging";
    Clients.createNamespaces(client, ns);
    for (int i = 0; i < 23; i++) {
      client.genericKubernetesResources(Clients.VMS).resource(Clients.vm(ns, "vm-" + i)).create();
    }
    GenericKubernetesResourceList full =
        client.genericKubernetesResources(Clients.VMS).inNamespace(ns).list();
    List<String> pagedNames = new ArrayList<>();
    String continueToken = null;
    String listVersion = null;
    int pages = 0;
    do {
      ListOptions options =
          new ListOptionsBuilder().withLimit(5L).withContinue(continueToken).build();
      GenericKubernetesResourceList page =
          client.genericKubernetesResources(Clients.VMS).inNamespace(ns).list(options);
      pages++;
      assertTrue(page.getItems().size() <= 5, "a page holds at most the limit");
      if (listVersion == null) {
        listVersion = page.getMetadata().getResourceVersion();
        // A write between pages must not show up in the continued list.
        client
            .genericKubernetesResources(Clients.VMS)
            .resource(Clients.vm(ns, "vm-zz-late"))
            .create();
      } else {
        assertEquals(listVersion, page.getMetadata().getResourceVersion(), "same snapshot");
      }
      page.getItems().forEach(o -> pagedNames.add(o.getMetadata().getName()));
      continueToken = page.getMetadata().getContinue();
      if (continueToken != null && !continueToken.isEmpty()) {
        assertNotNull(page.getMetadata().getRemainingItemCount());
        assertEquals(
            23 - pagedNames.size(),
            page.getMetadata().getRemainingItemCount().intValue(),
            "remainingItemCount");
      }
    } while (continueToken != null && !continueToken.isEmpty());
    assertEquals(5, pages);
    assertEquals(full.getItems().stream().map(o -> o.getMetadata().getName()).toList(), pagedNames);
    assertFalse(pagedNames.contains("vm-zz-late"));
  }

  @Test
  void watchDeliversEventsAndBookmarks() throws Exception {
    String ns = "bookmarks";
    Clients.createNamespaces(client, ns);
    String from =
        client
            .genericKubernetesResources(Clients.VMS)
            .inNamespace(ns)
            .list()
            .getMetadata()
            .getResourceVersion();
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    ListOptions options =
        new ListOptionsBuilder()
            .withResourceVersion(from)
            .withAllowWatchBookmarks(true)
            .withTimeoutSeconds(3L)
            .build();
    Watcher<GenericKubernetesResource> watcher =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            events.add(
                action
                    + " "
                    + resource.getMetadata().getName()
                    + " "
                    + resource.getMetadata().getResourceVersion());
          }

          @Override
          public void onClose(WatcherException cause) {
            events.add("CLOSED " + cause);
          }
        };
    try (Watch watch =
        client.genericKubernetesResources(Clients.VMS).inNamespace(ns).watch(options, watcher)) {
      long lastVersion = 0;
      for (int i = 0; i < 3; i++) {
        GenericKubernetesResource created =
            client
                .genericKubernetesResources(Clients.VMS)
                .resource(Clients.vm(ns, "vm-" + i))
                .create();
        lastVersion = Long.parseLong(created.getMetadata().getResourceVersion());
        String event = events.poll(10, TimeUnit.SECONDS);
        assertEquals("ADDED vm-" + i + " " + created.getMetadata().getResourceVersion(), event);
      }
      String bookmark = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(bookmark, "a bookmark when the watch times out");
      String[] parts = bookmark.split(" ");
      assertEquals("BOOKMARK", parts[0], bookmark);
      assertTrue(Long.parseLong(parts[2]) >= lastVersion, "bookmark at or after the last event");
      // fabric8 re-opens the watch after the server closed it; it keeps delivering.
      GenericKubernetesResource after =
          client
              .genericKubernetesResources(Clients.VMS)
              .resource(Clients.vm(ns, "vm-after"))
              .create();
      String next = events.poll(15, TimeUnit.SECONDS);
      while (next != null && next.startsWith("BOOKMARK")) {
        next = events.poll(15, TimeUnit.SECONDS);
      }
      assertEquals("ADDED vm-after " + after.getMetadata().getResourceVersion(), next);
    }
  }

  /** Rethrows a writer's failure at once; true otherwise. */
  private static boolean failFast(List<Future<Writes>> writers) throws Exception {
    for (Future<Writes> writer : writers) {
      if (writer.isDone()) {
        writer.get();
      }
    }
    return true;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
