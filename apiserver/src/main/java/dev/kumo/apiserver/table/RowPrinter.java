package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The columns of one kind's Table and the cells of one object's row. */
interface RowPrinter {
  List<Column> columns();

  /** One cell per column; Java null or a JSON null node for a missing value. */
  List<JsonNode> cells(JsonNode object, Instant now);
}
