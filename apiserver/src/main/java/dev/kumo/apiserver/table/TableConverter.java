package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.registry.ResourceType;
import java.time.Instant;
import java.util.List;

/**
 * Renders objects as a {@code meta.k8s.io} Table, the form {@code kubectl get} asks for: custom
 * resources from their CRD's printer columns, built-in kinds with kube-apiserver's columns. A list
 * gives one row per item and the list's resourceVersion, continue and remainingItemCount; a single
 * object gives one row and its resourceVersion.
 */
public final class TableConverter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** ObjectMeta's fields in the order Go serialises them. */
  private static final List<String> OBJECT_META_ORDER =
      List.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private final RowPrinter printer;

  private TableConverter(RowPrinter printer) {
    this.printer = printer;
  }

  /**
   * The converter of a served kind.
   *
   * @throws IllegalArgumentException when a printer column's jsonPath does not parse
   */
  public static TableConverter forType(ResourceType type) {
    return new TableConverter(
        type.builtin()
            ? BuiltinPrinters.forKind(type.group(), type.kind())
            : new PrinterColumns(type.printerColumns()));
  }

  /** The column definitions. */
  public List<Column> columns() {
    return printer.columns();
  }

  /**
   * The Table of a list ({@code items}) or of a single object.
   *
   * @param objectOrList the stored object, or a list with {@code items} and {@code metadata}
   * @param format the Table apiVersion the client asked for
   * @param include what each row's {@code object} carries
   * @param noHeaders true to leave out the column definitions ({@code "columnDefinitions":null})
   * @param now the time ages are computed against
   */
  public ObjectNode table(
      JsonNode objectOrList,
      TableFormat format,
      IncludeObject include,
      boolean noHeaders,
      Instant now) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", format.apiVersion());
    ObjectNode metadata = table.putObject("metadata");
    boolean list = objectOrList.path("items").isArray();
    JsonNode sourceMeta = objectOrList.path("metadata");
    putIfPresent(metadata, "resourceVersion", sourceMeta);
    if (list) {
      putIfPresent(metadata, "continue", sourceMeta);
      putIfPresent(metadata, "remainingItemCount", sourceMeta);
    }
    if (noHeaders) {
      table.putNull("columnDefinitions");
    } else {
      ArrayNode columns = table.putArray("columnDefinitions");
      printer.columns().forEach(c -> columns.add(c.toJson()));
    }
    ArrayNode rows = table.putArray("rows");
    if (list) {
      objectOrList.path("items").forEach(item -> rows.add(row(item, format, include, now)));
    } else {
      rows.add(row(objectOrList, format, include, now));
    }
    return table;
  }

  /**
   * A converter for one watch: the first event's Table has the column definitions, later ones do
   * not, as kube-apiserver sends them.
   */
  public WatchTables watch(TableFormat format, IncludeObject include) {
    return new WatchTables(this, format, include);
  }

  private ObjectNode row(JsonNode object, TableFormat format, IncludeObject include, Instant now) {
    ObjectNode row = JSON.objectNode();
    ArrayNode cells = row.putArray("cells");
    printer.cells(object, now).forEach(cells::add);
    switch (include) {
      case NONE -> row.putNull("object");
      case OBJECT -> row.set("object", object.deepCopy());
      case METADATA -> row.set("object", partialObjectMetadata(object, format));
    }
    return row;
  }

  private static ObjectNode partialObjectMetadata(JsonNode object, TableFormat format) {
    ObjectNode partial = JSON.objectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", format.apiVersion());
    JsonNode source = object.path("metadata");
    ObjectNode metadata = partial.putObject("metadata");
    for (String field : OBJECT_META_ORDER) {
      if (source.has(field)) {
        metadata.set(field, source.get(field).deepCopy());
      } else if (field.equals("creationTimestamp")) {
        metadata.putNull(field);
      }
    }
    source
        .fields()
        .forEachRemaining(
            e -> {
              if (!metadata.has(e.getKey())) {
                metadata.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return partial;
  }

  private static void putIfPresent(ObjectNode target, String field, JsonNode source) {
    JsonNode value = source.get(field);
    if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
      target.set(field, value.deepCopy());
    }
  }

  /** The Tables of one watch's events; not thread-safe (one per watch). */
  public static final class WatchTables {
    private final TableConverter converter;
    private final TableFormat format;
    private final IncludeObject include;
    private boolean headersSent;

    private WatchTables(TableConverter converter, TableFormat format, IncludeObject include) {
      this.converter = converter;
      this.format = format;
      this.include = include;
    }

    /** The one-row Table for the next event's object. */
    public ObjectNode next(JsonNode object, Instant now) {
      ObjectNode table = converter.table(object, format, include, headersSent, now);
      headersSent = true;
      return table;
    }
  }
}
