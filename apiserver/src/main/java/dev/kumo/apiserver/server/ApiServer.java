package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.registry.ResourceRegistry;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.registry.ResourceTypes;
import dev.kumo.apiserver.rest.Admission;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.rest.BuiltinStrategies;
import dev.kumo.apiserver.rest.FieldTracking;
import dev.kumo.apiserver.rest.Json;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.rest.WatchService;
import dev.kumo.apiserver.storage.Store;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kumo-apiserver: a Kubernetes-compatible API server for Kumo's kinds over etcd. Wires the registry
 * of served kinds, the resource service, watches, garbage collection and the HTTPS endpoint
 * together.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** The namespaces every cluster has. */
  public static final List<String> SYSTEM_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /**
   * How to run.
   *
   * @param bindAddress address to listen on, 127.0.0.1 unless asked otherwise
   * @param port port; 0 picks a free one
   * @param certFile PEM serving certificate (chain), or null for plain HTTP (tests only)
   * @param keyFile PEM private key of the certificate
   * @param authenticator checks bearer tokens
   * @param workerThreads threads that handle requests
   */
  public record Options(
      String bindAddress,
      int port,
      Path certFile,
      Path keyFile,
      HttpApi.Authenticator authenticator,
      int workerThreads) {}

  private final Store store;
  private final Vertx vertx;
  private final ExecutorService workers;
  private final ResourceRegistry registry;
  private final ResourceService resources;
  private final BuiltinStrategies builtins;
  private final GarbageCollector collector;
  private final CachedWatchSource cachedSource;
  private volatile Store.Watch crdWatch;
  private volatile boolean closed;
  private final HttpServer http;
  private final String url;

  private ApiServer(Options options, Store store, FieldTracking tracking) throws Exception {
    this.store = store;
    Clock clock = Clock.systemUTC();
    CelValidator cel = new CelValidator();
    this.registry = new ResourceRegistry(ResourceTypes.builtins());
    this.builtins = new BuiltinStrategies(registry, cel, clock);
    this.resources =
        new ResourceService(store, registry, new Admission(cel), tracking, clock, builtins);
    this.crdWatch = watchCrds(loadCrds());
    bootstrapNamespaces();
    this.cachedSource = new CachedWatchSource(resources);
    // one cache per kind from the start (and for each new CRD), as kube-apiserver's cacher: a
    // watch at a resourceVersion taken from any list since start-up is then served from memory
    registry.all().stream().filter(ResourceType::stored).forEach(cachedSource::cache);
    registry.addListener(
        r -> r.all().stream().filter(ResourceType::stored).forEach(cachedSource::cache));
    WatchService watches = new WatchService(resources, cachedSource);
    this.collector = new GarbageCollector(resources);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            options.workerThreads(),
            options.workerThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "kumo-api-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    HttpApi api =
        new HttpApi(
            vertx,
            workers,
            resources,
            watches,
            options.authenticator(),
            new ServedDocuments(registry));
    HttpServerOptions httpOptions =
        new HttpServerOptions()
            .setHost(options.bindAddress())
            .setPort(options.port())
            .setCompressionSupported(true)
            .setMaxWebSocketFrameSize(16 * 1024 * 1024)
            .setMaxWebSocketMessageSize(64 * 1024 * 1024);
    boolean tls = options.certFile() != null;
    if (tls) {
      httpOptions
          .setSsl(true)
          .setUseAlpn(false)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(options.certFile().toString())
                  .setKeyPath(options.keyFile().toString()));
    }
    this.http =
        vertx
            .createHttpServer(httpOptions)
            .requestHandler(api)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    String host =
        options.bindAddress().contains(":")
            ? "[" + options.bindAddress() + "]"
            : options.bindAddress();
    this.url = (tls ? "https://" : "http://") + host + ":" + http.actualPort();
    collector.start();
    LOG.info("kumo-apiserver serving on {}", url);
  }

  /** Starts a server on {@code store}. */
  public static ApiServer start(Options options, Store store) throws Exception {
    return new ApiServer(options, store, new ManagedFieldTracking());
  }

  /** The server's base URL, e.g. https://127.0.0.1:6443. */
  public String url() {
    return url;
  }

  /** The port it listens on. */
  public int port() {
    return http.actualPort();
  }

  /** The resource service (for in-process controllers and tests). */
  public ResourceService resources() {
    return resources;
  }

  /** Serves every stored CRD (and stops serving deleted ones); returns the list's revision. */
  private long loadCrds() {
    ResourceType crds = crdType();
    ObjectNode list = resources.list(crds, null, ResourceService.ListOptions.all());
    java.util.Set<String> present = new java.util.HashSet<>();
    for (JsonNode crd : list.path("items")) {
      present.add(crd.path("metadata").path("name").asText());
      builtins.serveCrd(crd);
    }
    for (ResourceType type : registry.all()) {
      if (!type.builtin() && !present.contains(type.plural() + "." + type.group())) {
        registry.removeCrd(type.plural() + "." + type.group());
      }
    }
    return Long.parseLong(list.path("metadata").path("resourceVersion").asText("0"));
  }

  /**
   * Keeps the served kinds in step with CRDs written by any server sharing this etcd, from the
   * revision of the list that loaded them; after a failure it re-reads them and watches again.
   */
  private Store.Watch watchCrds(long listRevision) {
    ResourceType crds = crdType();
    return store.watch(
        crds.keyPrefix(null),
        listRevision + 1,
        new Store.WatchListener() {
          @Override
          public void onEvents(List<Store.Event> events) {
            for (Store.Event event : events) {
              if (event.type() == Store.EventType.DELETED) {
                String key = event.kv().key();
                registry.removeCrd(key.substring(key.lastIndexOf('/') + 1));
              } else {
                builtins.serveCrd(resources.decode(event.kv()));
              }
            }
          }

          @Override
          public void onError(Throwable error) {
            LOG.warn("CRD watch ended: {}; re-reading CRDs", error.toString());
            if (!closed) {
              crdWatch = watchCrds(loadCrds());
            }
          }
        });
  }

  private ResourceType crdType() {
    return registry
        .find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
        .orElseThrow(IllegalStateException::new);
  }

  private void bootstrapNamespaces() {
    ResourceType namespaces =
        registry.find("", "v1", "namespaces").orElseThrow(IllegalStateException::new);
    for (String name : SYSTEM_NAMESPACES) {
      if (resources.find(namespaces, null, name).isEmpty()) {
        ObjectNode ns = Json.MAPPER.createObjectNode();
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        try {
          resources.create(namespaces, null, ns, ResourceService.WriteOptions.defaults());
        } catch (ApiException e) {
          if (e.code() != 409) {
            throw e;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    collector.close();
    crdWatch.close();
    try {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("http close", e);
    }
    workers.shutdownNow();
    cachedSource.close();
    vertx.close();
  }
}
