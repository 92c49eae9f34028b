package dev.kumo.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.protobuf.KubernetesProtobuf;
import dev.kumo.apiserver.protobuf.ProtobufDecodingException;
import dev.kumo.apiserver.registry.ResourceType;
import dev.kumo.apiserver.rest.Admission.FieldValidation;
import dev.kumo.apiserver.rest.ApiException;
import dev.kumo.apiserver.rest.Json;
import dev.kumo.apiserver.rest.ResourceService;
import dev.kumo.apiserver.rest.ResourceService.DeleteOptions;
import dev.kumo.apiserver.rest.ResourceService.ListOptions;
import dev.kumo.apiserver.rest.ResourceService.PatchType;
import dev.kumo.apiserver.rest.ResourceService.WriteOptions;
import dev.kumo.apiserver.rest.WatchService;
import dev.kumo.apiserver.storage.TooLargeResourceVersionException;
import dev.kumo.apiserver.table.IncludeObject;
import dev.kumo.apiserver.table.TableConverter;
import dev.kumo.apiserver.table.TableFormat;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: authentication, routing of kube-apiserver's URL layout to the resource service,
 * content negotiation (JSON, Table, YAML apply patches), watches over chunked HTTP and WebSocket,
 * and errors as {@code Status} objects. Request bodies are read on the event loop and handled on a
 * worker pool; watches push from store threads.
 */
public final class HttpApi implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The longest watch a client can ask for (a day); it re-watches after that. */
  static final long MAX_WATCH_SECONDS = 86_400;

  /** Unsent watch bytes allowed per client before it is cut off as too slow (as kube does). */
  static final int MAX_WATCH_BACKLOG_BYTES = 8 * 1024 * 1024;

  /** kube-apiserver's limit for request bodies (3 MiB). */
  public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private final Vertx vertx;
  private final ExecutorService workers;
  private final ResourceService resources;
  private final WatchService watches;
  private final Authenticator authenticator;
  private final Documents documents;

  /** Checks a request's credentials. */
  public interface Authenticator {
    /**
     * The user a request acts as, from its {@code Authorization} header (may be null); empty when
     * the credentials are missing or wrong.
     */
    Optional<String> authenticate(String authorization);
  }

  /** Discovery, OpenAPI and version documents. */
  public interface Documents {
    /**
     * Serves a non-resource path, or empty when the path is unknown.
     *
     * @param accept the request's Accept header
     */
    Optional<Response> serve(String path, String query, String accept);
  }

  /** A ready response body. */
  public record Response(int code, String contentType, byte[] body, String etag) {}

  public HttpApi(
      Vertx vertx,
      ExecutorService workers,
      ResourceService resources,
      WatchService watches,
      Authenticator authenticator,
      Documents documents) {
    this.vertx = vertx;
    this.workers = workers;
    this.resources = resources;
    this.watches = watches;
    this.authenticator = authenticator;
    this.documents = documents;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String auditId = UUID.randomUUID().toString();
    request.response().putHeader("Audit-Id", auditId);
    request.response().putHeader("Cache-Control", "no-cache, private");
    String path = request.path();
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
      return;
    }
    Optional<String> user = authenticator.authenticate(request.getHeader("Authorization"));
    if (user.isEmpty()) {
      sendError(request.response(), new ApiException(401, "Unauthorized", "Unauthorized"));
      return;
    }
    if (!path.startsWith("/api/") && !path.startsWith("/apis/")
        || path.equals("/apis/") && request.method() == HttpMethod.GET) {
      serveDocument(request, path);
      return;
    }
    if (isDiscoveryPath(path) && request.method() == HttpMethod.GET) {
      serveDocument(request, path);
      return;
    }
    RequestInfo info;
    try {
      info = RequestInfo.parse(path, request.method().name(), request.params(), resources);
    } catch (ApiException e) {
      sendError(request.response(), e);
      return;
    }
    if (info.verb().equals("watch")) {
      startWatch(request, info);
      return;
    }
    readBody(request, body -> dispatch(request, info, body));
  }

  private static boolean isDiscoveryPath(String path) {
    String[] parts = trim(path).split("/");
    // api, api/v1, apis, apis/g, apis/g/v
    return parts[0].equals("api") && parts.length <= 2
        || parts[0].equals("apis") && parts.length <= 3;
  }

  private static String trim(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private void serveDocument(HttpServerRequest request, String path) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      sendError(
          request.response(),
          new ApiException(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource"));
      return;
    }
    submit(
        () -> sendError(request.response(), overloaded()),
        () -> {
          try {
            Optional<Response> response =
                documents.serve(path, request.query(), request.getHeader("Accept"));
            if (response.isEmpty()) {
              sendError(request.response(), notFoundPath());
              return;
            }
            Response r = response.get();
            HttpServerResponse out = request.response();
            String ifNoneMatch = request.getHeader("If-None-Match");
            if (r.etag() != null) {
              out.putHeader("ETag", "\"" + r.etag() + "\"");
              if (("\"" + r.etag() + "\"").equals(ifNoneMatch)) {
                out.setStatusCode(304).end();
                return;
              }
            }
            out.setStatusCode(r.code()).putHeader("Content-Type", r.contentType());
            out.end(Buffer.buffer(r.body()));
          } catch (ApiException e) {
            sendError(request.response(), e);
          } catch (RuntimeException e) {
            sendError(request.response(), internal(e));
          }
        });
  }

  private static ApiException notFoundPath() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  // ------------------------------------------------------------------------- request bodies

  private void readBody(HttpServerRequest request, java.util.function.Consumer<byte[]> then) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length) > MAX_BODY_BYTES) {
          sendError(request.response(), tooLarge());
          request.connection().close();
          return;
        }
      } catch (NumberFormatException e) {
        sendError(request.response(), ApiException.badRequest("invalid Content-Length"));
        return;
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    request.handler(
        chunk -> {
          if (failed[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            failed[0] = true;
            sendError(request.response(), tooLarge());
            request.connection().close();
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(e -> failed[0] = true);
    request.endHandler(
        v -> {
          if (failed[0]) {
            return;
          }
          submit(
              () -> sendError(request.response(), overloaded()),
              () -> then.accept(body.getBytes()));
        });
  }

  /** Runs a task on a worker; {@code overloaded} answers when the queue is full. */
  private void submit(Runnable overloaded, Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      overloaded.run();
    }
  }

  private static ApiException overloaded() {
    return new ApiException(429, "TooManyRequests", "the server is overloaded, try again later");
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BODY_BYTES);
  }

  // ------------------------------------------------------------------------------- dispatch

  private void dispatch(HttpServerRequest request, RequestInfo info, byte[] body) {
    HttpServerResponse response = request.response();
    try {
      MultiMap params = request.params();
      ResourceType type = info.type();
      switch (info.verb()) {
        case "get" -> {
          ObjectNode object = resources.get(type, info.namespace(), info.name());
          sendObject(request, type, object, 200, List.of(), true);
        }
        case "list" -> {
          ListOptions options = listOptions(params);
          boolean anyState =
              "0".equals(options.resourceVersion())
                  && (options.continueToken() == null || options.continueToken().isEmpty());
          ObjectNode list =
              anyState
                  ? watches.cachedList(type, info.namespace(), options)
                  : resources.list(type, info.namespace(), options);
          sendObject(request, type, list, 200, List.of(), true);
        }
        case "create" -> {
          if (!type.stored()) {
            sendObject(
                request,
                type,
                Reviews.answer(type, readObject(request, type, body)),
                201,
                List.of(),
                false);
            return;
          }
          ObjectNode object = readObject(request, type, body);
          ResourceService.Result result =
              resources.create(type, info.namespace(), object, writeOptions(request));
          sendObject(request, type, result.object(), result.code(), result.warnings(), false);
        }
        case "update" -> {
          ObjectNode object = readObject(request, type, body);
          ResourceService.Result result =
              resources.update(
                  type,
                  info.namespace(),
                  info.name(),
                  info.subresource(),
                  object,
                  writeOptions(request));
          sendObject(request, type, result.object(), result.code(), result.warnings(), false);
        }
        case "patch" -> {
          PatchType patchType = patchType(request.getHeader("Content-Type"));
          ResourceService.Result result =
              resources.patch(
                  type,
                  info.namespace(),
                  info.name(),
                  info.subresource(),
                  patchType,
                  body,
                  writeOptions(request));
          sendObject(request, type, result.object(), result.code(), result.warnings(), false);
        }
        case "delete" -> {
          ResourceService.Result result =
              resources.delete(type, info.namespace(), info.name(), deleteOptions(params, body));
          sendObject(request, type, result.object(), result.code(), result.warnings(), false);
        }
        case "deletecollection" -> {
          ObjectNode list =
              resources.deleteCollection(
                  type, info.namespace(), listOptions(params), deleteOptions(params, body));
          sendObject(request, type, list, 200, List.of(), false);
        }
        default -> throw new ApiException(405, "MethodNotAllowed", "method not allowed");
      }
    } catch (ApiException e) {
      sendError(response, e);
    } catch (RuntimeException e) {
      sendError(response, internal(e));
    }
  }

  private static ApiException internal(RuntimeException e) {
    LOG.warn("request failed", e);
    return new ApiException(500, "InternalError", "Internal error occurred: " + e.getMessage());
  }

  /**
   * The object of a create, update or review body: JSON or YAML, or protobuf for the built-in kinds
   * client-go's typed clients send that way (custom resources refuse protobuf, as in kube).
   */
  private static ObjectNode readObject(HttpServerRequest request, ResourceType type, byte[] body) {
    if (mediaType(request.getHeader("Content-Type")).equals(KubernetesProtobuf.MEDIA_TYPE)
        && type.builtin()
        && KubernetesProtobuf.decodes(type.apiVersion(), type.kind())) {
      try {
        return KubernetesProtobuf.decode(body);
      } catch (ProtobufDecodingException e) {
        throw ApiException.badRequest(
            "the object provided is unrecognized (must be of type "
                + type.kind()
                + "): "
                + e.getMessage());
      }
    }
    requireJsonBody(request);
    return Json.readObject(body, isYaml(request), type.kind());
  }

  private static void requireJsonBody(HttpServerRequest request) {
    String type = mediaType(request.getHeader("Content-Type"));
    if (!type.isEmpty()
        && !type.equals("application/json")
        && !type.equals("application/yaml")
        && !type.equals("*/*")) {
      throw new ApiException(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json, application/yaml");
    }
  }

  private static boolean isYaml(HttpServerRequest request) {
    return mediaType(request.getHeader("Content-Type")).equals("application/yaml");
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
  }

  private static PatchType patchType(String contentType) {
    return switch (mediaType(contentType)) {
      case "application/merge-patch+json" -> PatchType.MERGE;
      case "application/json-patch+json" -> PatchType.JSON;
      case "application/strategic-merge-patch+json" -> PatchType.STRATEGIC;
      case "application/apply-patch+yaml" -> PatchType.APPLY;
      default ->
          throw new ApiException(
              415,
              "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types include:"
                  + " application/json-patch+json, application/merge-patch+json,"
                  + " application/apply-patch+yaml, application/strategic-merge-patch+json");
    };
  }

  private static WriteOptions writeOptions(HttpServerRequest request) {
    MultiMap params = request.params();
    String manager = params.get("fieldManager");
    if (manager == null || manager.isEmpty()) {
      manager = managerFromUserAgent(request.getHeader("User-Agent"));
    } else if (manager.length() > 128) {
      throw ApiException.badRequest(
          "fieldManager: Invalid value: \"" + manager + "\": must be at most 128 characters");
    }
    return new WriteOptions(
        dryRun(params.getAll("dryRun")),
        manager,
        FieldValidation.parse(params.get("fieldValidation")),
        "true".equals(params.get("force")));
  }

  /**
   * The field manager of a write that names none: the User-Agent up to its first "/" (at most 128
   * characters), e.g. {@code fabric8-kubernetes-client}, as kube-apiserver derives it.
   */
  static String managerFromUserAgent(String userAgent) {
    if (userAgent == null || userAgent.isEmpty()) {
      return null;
    }
    String prefix = userAgent.split("/", 2)[0];
    return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
  }

  private static boolean dryRun(List<String> values) {
    boolean dry = false;
    for (String v : values) {
      if (v.equals("All")) {
        dry = true;
      } else if (!v.isEmpty()) {
        throw ApiException.badRequest(
            "Invalid dry run value: \"" + v + "\": supported values: \"All\"");
      }
    }
    return dry;
  }

  static ListOptions listOptions(MultiMap params) {
    int limit = 0;
    String l = params.get("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid limit: " + l);
      }
    }
    String rv = params.get("resourceVersion");
    String cont = params.get("continue");
    if (cont != null && !cont.isEmpty() && rv != null && !rv.isEmpty()) {
      throw ApiException.badRequest(
          "specifying resource version is not allowed when using continue");
    }
    if ("0".equals(rv) && (cont == null || cont.isEmpty())) {
      limit = 0; // served from the current state, ignoring limit, as from the watch cache
    }
    return new ListOptions(
        params.get("labelSelector"),
        params.get("fieldSelector"),
        limit,
        cont,
        rv,
        params.get("resourceVersionMatch"));
  }

  private static DeleteOptions deleteOptions(MultiMap params, byte[] body) {
    String policy = params.get("propagationPolicy");
    String orphan = params.get("orphanDependents");
    String uid = null;
    String rv = null;
    boolean dry = dryRun(params.getAll("dryRun"));
    if (body != null && body.length > 0) {
      JsonNode options = Json.readTree(body, false, "DeleteOptions");
      if (options.hasNonNull("propagationPolicy")) {
        policy = options.get("propagationPolicy").asText();
      }
      if (options.hasNonNull("orphanDependents")) {
        orphan = options.get("orphanDependents").asText();
      }
      uid = options.path("preconditions").path("uid").asText(null);
      rv = options.path("preconditions").path("resourceVersion").asText(null);
      for (JsonNode d : options.path("dryRun")) {
        dry |= d.asText().equals("All");
      }
    }
    if (policy == null && orphan != null) {
      policy = Boolean.parseBoolean(orphan) ? "Orphan" : "Background";
    }
    if (policy != null
        && !policy.equals("Orphan")
        && !policy.equals("Foreground")
        && !policy.equals("Background")) {
      throw ApiException.invalid(
          "DeleteOptions",
          "",
          "",
          List.of(
              new ApiException.Cause(
                  "FieldValueNotSupported",
                  "propagationPolicy",
                  "Unsupported value: \""
                      + policy
                      + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")));
    }
    return new DeleteOptions(policy, uid, rv, dry);
  }

  // -------------------------------------------------------------------------------- replies

  private void sendObject(
      HttpServerRequest request,
      ResourceType type,
      ObjectNode object,
      int code,
      List<String> warnings,
      boolean tableAllowed) {
    HttpServerResponse response = request.response();
    String accept = request.getHeader("Accept");
    JsonNode body = object;
    String contentType = "application/json";
    Optional<TableFormat> table = tableAllowed ? TableFormat.negotiate(accept) : Optional.empty();
    if (table.isPresent()) {
      body =
          TableConverter.forType(type)
              .table(object, table.get(), includeObject(request), false, Instant.now());
      contentType = table.get().contentType();
    }
    for (String warning : warnings) {
      response.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", contentType)
        .end(Buffer.buffer(Json.bytes(body)));
  }

  private static IncludeObject includeObject(HttpServerRequest request) {
    try {
      return IncludeObject.parse(request.getParam("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  static void sendError(HttpServerResponse response, ApiException e) {
    if (response.ended() || response.closed()) {
      return;
    }
    try {
      response
          .setStatusCode(e.code())
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(Json.bytes(e.status())));
    } catch (IllegalStateException ignored) {
      // the client went away
    }
  }

  // -------------------------------------------------------------------------------- watches

  private void startWatch(HttpServerRequest request, RequestInfo info) {
    MultiMap params = request.params();
    boolean websocket = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    long timeout;
    try {
      String t = params.get("timeoutSeconds");
      long requested = t == null || t.isEmpty() ? 0 : Long.parseLong(t);
      if (requested < 0) {
        throw new NumberFormatException();
      }
      // 0 means the server's default, a random 30-60 minutes as kube-apiserver picks it
      timeout =
          requested == 0
              ? 1800 + ThreadLocalRandom.current().nextInt(1800)
              : Math.min(requested, MAX_WATCH_SECONDS);
    } catch (NumberFormatException e) {
      sendError(request.response(), ApiException.badRequest("invalid timeoutSeconds"));
      return;
    }
    String accept = request.getHeader("Accept");
    Optional<TableFormat> table = TableFormat.negotiate(accept);
    IncludeObject include;
    WatchService.WatchOptions options;
    try {
      include = includeObject(request);
      options =
          new WatchService.WatchOptions(
              listOptions(params),
              "true".equals(params.get("allowWatchBookmarks")),
              "true".equals(params.get("sendInitialEvents")));
      if (options.sendInitialEvents()
          && !"NotOlderThan".equals(params.get("resourceVersionMatch"))) {
        throw ApiException.invalid(
            "ListOptions",
            "",
            "",
            List.of(
                new ApiException.Cause(
                    "FieldValueForbidden",
                    "sendInitialEvents",
                    "Forbidden: sendInitialEvents is forbidden for watch unless"
                        + " resourceVersionMatch is set to NotOlderThan")));
      }
    } catch (ApiException e) {
      sendError(request.response(), e);
      return;
    }
    if (websocket) {
      request
          .toWebSocket()
          .onSuccess(ws -> runWatch(info, options, timeout, table, include, new WsSink(ws)))
          .onFailure(e -> LOG.debug("websocket upgrade failed", e));
    } else {
      HttpServerResponse response = request.response();
      response
          .setChunked(true)
          .putHeader(
              "Content-Type", table.map(TableFormat::contentType).orElse("application/json"));
      response.putHeader("Transfer-Encoding", "chunked");
      response.setStatusCode(200);
      runWatch(info, options, timeout, table, include, new ChunkedSink(response));
    }
  }

  private void runWatch(
      RequestInfo info,
      WatchService.WatchOptions options,
      long timeoutSeconds,
      Optional<TableFormat> table,
      IncludeObject include,
      StreamSink out) {
    submit(
        out::overloaded,
        () -> {
          TableConverter.WatchTables tables =
              table.map(f -> TableConverter.forType(info.type()).watch(f, include)).orElse(null);
          WatchService.Sink sink =
              new WatchService.Sink() {
                @Override
                public void event(String type, ObjectNode object) {
                  JsonNode payload = object;
                  if (tables != null && !type.equals("ERROR") && !type.equals("BOOKMARK")) {
                    payload = tables.next(object, Instant.now());
                  }
                  ObjectNode event = NODES.objectNode();
                  event.put("type", type);
                  event.set("object", payload);
                  out.send(Json.bytes(event));
                }

                @Override
                public void end() {
                  out.close();
                }
              };
          AtomicBoolean finished = new AtomicBoolean();
          AtomicReference<WatchService.Handle> running = new AtomicReference<>();
          long[] timers = {-1, -1};
          Runnable cleanup =
              () -> {
                if (finished.compareAndSet(false, true)) {
                  synchronized (timers) {
                    for (long timer : timers) {
                      if (timer >= 0) {
                        vertx.cancelTimer(timer);
                      }
                    }
                  }
                  WatchService.Handle h = running.get();
                  if (h != null) {
                    h.close();
                  }
                }
              };
          // registered before anything is written, so that every way the stream ends cleans up
          out.onClose(cleanup);
          WatchService.Handle handle;
          try {
            handle = watches.watch(info.type(), info.namespace(), options, sink);
          } catch (TooLargeResourceVersionException e) {
            ObjectNode details = NODES.objectNode();
            details
                .putArray("causes")
                .addObject()
                .put("reason", "ResourceVersionTooLarge")
                .put("message", "Too large resource version");
            details.put("retryAfterSeconds", 1);
            out.fail(new ApiException(504, "Timeout", e.getMessage(), details));
            cleanup.run();
            return;
          } catch (ApiException e) {
            out.fail(e);
            cleanup.run();
            return;
          } catch (RuntimeException e) {
            out.fail(internal(e));
            cleanup.run();
            return;
          }
          running.set(handle);
          if (finished.get() || out.isClosed()) {
            cleanup.run();
            finished.set(true);
            handle.close();
            return;
          }
          out.started();
          synchronized (timers) {
            timers[0] =
                vertx.setTimer(
                    timeoutSeconds * 1000,
                    id -> {
                      handle.bookmark();
                      cleanup.run();
                      out.close();
                    });
            timers[1] =
                vertx.setPeriodic(
                    60_000,
                    id -> {
                      try {
                        workers.execute(handle::bookmark);
                      } catch (RejectedExecutionException e) {
                        // overloaded: skip this bookmark
                      }
                    });
          }
          if (finished.get()) {
            cleanup.run(); // ended while the timers were being set: cancel them
          }
        });
  }

  /** Where watch events go: an HTTP chunked response or a WebSocket. */
  private interface StreamSink {
    void send(byte[] event);

    /** Called once the watch runs: sends the response head before any event, as kube does. */
    default void started() {}

    void close();

    void fail(ApiException e);

    void onClose(Runnable action);

    /** Whether the client is gone or the stream was ended. */
    boolean isClosed();

    /** Answers 429 when no worker can take the watch. */
    default void overloaded() {
      fail(new ApiException(429, "TooManyRequests", "the server is overloaded"));
    }
  }

  private static final class ChunkedSink implements StreamSink {
    private final HttpServerResponse response;

    ChunkedSink(HttpServerResponse response) {
      this.response = response;
      response.setWriteQueueMaxSize(MAX_WATCH_BACKLOG_BYTES);
    }

    @Override
    public void send(byte[] event) {
      if (!response.ended() && !response.closed()) {
        if (response.writeQueueFull()) {
          // the client does not read: cut it off rather than buffer without bound
          response.close();
          return;
        }
        Buffer buffer = Buffer.buffer(event.length + 1).appendBytes(event).appendByte((byte) '\n');
        response.write(buffer);
      }
    }

    @Override
    public boolean isClosed() {
      return response.ended() || response.closed();
    }

    @Override
    public void started() {
      try {
        if (!response.headWritten() && !response.closed()) {
          response.writeHead();
        }
      } catch (IllegalStateException e) {
        // an event from a store thread wrote the head first, or the client went away
      }
    }

    @Override
    public void close() {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }

    @Override
    public void fail(ApiException e) {
      if (!response.headWritten()) {
        response.setChunked(false);
        response.headers().remove("Transfer-Encoding");
        sendError(response, e);
      } else {
        ObjectNode event = NODES.objectNode();
        event.put("type", "ERROR");
        event.set("object", e.status());
        send(Json.bytes(event));
        close();
      }
    }

    @Override
    public void onClose(Runnable action) {
      response.closeHandler(v -> action.run());
      response.endHandler(v -> action.run());
    }
  }

  private static final class WsSink implements StreamSink {
    private final ServerWebSocket ws;

    WsSink(ServerWebSocket ws) {
      this.ws = ws;
      ws.setWriteQueueMaxSize(MAX_WATCH_BACKLOG_BYTES);
    }

    @Override
    public void send(byte[] event) {
      if (!ws.isClosed()) {
        if (ws.writeQueueFull()) {
          ws.close((short) 1008, "watch consumer too slow");
          return;
        }
        ws.writeTextMessage(new String(event, StandardCharsets.UTF_8));
      }
    }

    @Override
    public boolean isClosed() {
      return ws.isClosed();
    }

    @Override
    public void close() {
      if (!ws.isClosed()) {
        ws.close((short) 1000);
      }
    }

    @Override
    public void fail(ApiException e) {
      ObjectNode event = NODES.objectNode();
      event.put("type", "ERROR");
      event.set("object", e.status());
      send(Json.bytes(event));
      close();
    }

    @Override
    public void onClose(Runnable action) {
      ws.closeHandler(v -> action.run());
    }
  }

  // ---------------------------------------------------------------------------- url parsing

  /**
   * A resource request's parts, parsed as kube-apiserver's RequestInfoFactory does.
   *
   * @param verb get, list, watch, create, update, patch, delete, deletecollection
   * @param type the resource
   * @param namespace the namespace, or null
   * @param name the object name, or null for collections
   * @param subresource status, finalize, or null
   */
  record RequestInfo(
      String verb, ResourceType type, String namespace, String name, String subresource) {

    static RequestInfo parse(
        String path, String method, MultiMap params, ResourceService resources) {
      List<String> parts = new ArrayList<>();
      for (String p : trim(path).split("/")) {
        parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
      }
      String group;
      String version;
      int i;
      if (parts.get(0).equals("api")) {
        group = "";
        version = parts.get(1);
        i = 2;
      } else {
        group = parts.get(1);
        version = parts.get(2);
        i = 3;
      }
      List<String> rest = new ArrayList<>(parts.subList(i, parts.size()));
      boolean watchPath = false;
      if (!rest.isEmpty() && rest.get(0).equals("watch")) {
        watchPath = true;
        rest.remove(0);
      }
      String namespace = null;
      if (!rest.isEmpty() && rest.get(0).equals("namespaces")) {
        if (rest.size() > 1) {
          namespace = rest.get(1);
          if (rest.size() > 2 && !rest.get(2).equals("status") && !rest.get(2).equals("finalize")) {
            rest = new ArrayList<>(rest.subList(2, rest.size()));
          } else {
            namespace = null;
          }
        }
      }
      if (rest.isEmpty() || rest.size() > 3) {
        throw notFoundPath();
      }
      String plural = rest.get(0);
      String name = rest.size() > 1 ? rest.get(1) : null;
      String subresource = rest.size() > 2 ? rest.get(2) : null;
      ResourceType type =
          resources.registry().find(group, version, plural).orElseThrow(HttpApi::notFoundPath);
      if (!type.namespaced() && namespace != null) {
        throw notFoundPath();
      }
      if (subresource != null) {
        boolean known =
            subresource.equals("status") && type.statusSubresource()
                || subresource.equals("finalize")
                    && type.kind().equals("Namespace")
                    && type.builtin();
        if (!known) {
          throw notFoundPath();
        }
      }
      boolean watch =
          watchPath || "true".equals(params.get("watch")) || "1".equals(params.get("watch"));
      String verb =
          switch (method) {
            case "GET", "HEAD" ->
                name != null ? (watch ? "watch" : "get") : (watch ? "watch" : "list");
            case "POST" -> name == null ? "create" : null;
            case "PUT" -> name != null ? "update" : null;
            case "PATCH" -> name != null ? "patch" : null;
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> null;
          };
      if (verb == null
          || !type.verbs().contains(verb) && !(verb.equals("watch") && type.stored())) {
        throw new ApiException(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource");
      }
      if (verb.equals("watch") && name != null) {
        // a watch on one object is a watch on the collection with a name selector
        String selector = "metadata.name=" + name;
        String existing = params.get("fieldSelector");
        params.set(
            "fieldSelector",
            existing == null || existing.isEmpty() ? selector : existing + "," + selector);
        name = null;
      }
      if (type.namespaced() && namespace == null && !verb.equals("list") && !verb.equals("watch")) {
        // only lists and watches span namespaces
        throw notFoundPath();
      }
      return new RequestInfo(verb, type, namespace, name, subresource);
    }
  }
}
