package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Table column definition ({@code metav1.TableColumnDefinition}).
 *
 * @param name the header, e.g. Name
 * @param type string, integer, number, boolean or date
 * @param format e.g. name for the object name column, else empty
 * @param description the column's description
 * @param priority 0 for default columns, more for {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {

  /** The JSON of the definition, all five fields always present. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.put("type", type);
    node.put("format", format);
    node.put("description", description);
    node.put("priority", priority);
    return node;
  }
}
