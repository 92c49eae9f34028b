package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom resource's rows from its CRD's {@code additionalPrinterColumns}, as
 * apiextensions-apiserver's {@code tableconvertor} builds them: a Name column first, then each
 * printer column; a CRD that declares none gets a single Age column (kube-apiserver's {@code
 * serveDefaultColumnsIfEmpty}). Cells come from the column's JSONPath: the first value found, typed
 * by the column type, null when missing or of another type; {@code date} columns show the age.
 */
final class PrinterColumns implements RowPrinter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<Column> columns = new ArrayList<>();
  private final List<JsonPath> paths = new ArrayList<>();

  PrinterColumns(JsonNode printerColumns) {
    columns.add(new Column("Name", "string", "name", Descriptions.NAME, 0));
    if (printerColumns.isEmpty()) {
      columns.add(new Column("Age", "date", "", Descriptions.CREATION_TIMESTAMP, 0));
      paths.add(JsonPath.parse(".metadata.creationTimestamp"));
      return;
    }
    for (JsonNode column : printerColumns) {
      String jsonPath = column.path("jsonPath").asText();
      paths.add(JsonPath.parse(jsonPath));
      String description = column.path("description").asText("");
      columns.add(
          new Column(
              column.path("name").asText(),
              column.path("type").asText(),
              column.path("format").asText(""),
              description.isEmpty()
                  ? "Custom resource definition column (in JSONPath format): " + jsonPath
                  : description,
              column.path("priority").asInt(0)));
    }
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<JsonNode> cells(JsonNode object, Instant now) {
    List<JsonNode> cells = new ArrayList<>();
    cells.add(JSON.textNode(object.path("metadata").path("name").asText()));
    for (int i = 0; i < paths.size(); i++) {
      List<JsonNode> found = paths.get(i).find(object);
      cells.add(
          found.isEmpty() ? NullNode.instance : cell(columns.get(i + 1).type(), found.get(0), now));
    }
    return cells;
  }

  private static JsonNode cell(String type, JsonNode value, Instant now) {
    if (value.isNull()) {
      return NullNode.instance;
    }
    switch (type) {
      case "string":
        return JSON.textNode(GoText.print(value));
      case "integer":
        return value.isNumber()
            ? JSON.numberNode(
                value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue())
            : NullNode.instance;
      case "number":
        return value.isNumber() ? number(value) : NullNode.instance;
      case "boolean":
        return value.isBoolean() ? value : NullNode.instance;
      case "date":
        if (!value.isTextual()) {
          return NullNode.instance;
        }
        return JSON.textNode(
            HumanDuration.isTimestamp(value.asText())
                ? HumanDuration.age(value.asText(), now)
                : "<invalid>");
      default:
        return NullNode.instance;
    }
  }

  /** A float64 cell, written as Go writes it: integral values without a fraction. */
  private static JsonNode number(JsonNode value) {
    double d = value.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return JSON.numberNode(new BigDecimal(d).toBigInteger());
    }
    return JSON.numberNode(d);
  }
}
