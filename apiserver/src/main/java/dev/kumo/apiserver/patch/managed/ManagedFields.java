package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoded {@code metadata.managedFields} of an object, as kube's {@code managedStruct}: one
 * field set per manager identity, plus the time of each entry.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * A manager's identity, kube's "manager identifier": the entry without its fields and time, and
   * without the apiVersion for appliers (so an applier keeps one entry across versions).
   *
   * @param manager the field manager name
   * @param operation Apply or Update
   * @param apiVersion the API version (empty for Apply)
   * @param subresource "" or "status"
   */
  record ManagerId(String manager, String operation, String apiVersion, String subresource) {
    static ManagerId of(String manager, String operation, String apiVersion, String subresource) {
      return new ManagerId(
          manager,
          operation,
          APPLY.equals(operation) ? "" : apiVersion,
          subresource == null ? "" : subresource);
    }

    /** The identifier as kube's JSON string (ordering ties between managers use it). */
    String json() {
      StringBuilder b = new StringBuilder("{");
      appendField(b, "manager", manager);
      appendField(b, "operation", operation);
      appendField(b, "apiVersion", apiVersion);
      appendField(b, "subresource", subresource);
      return b.append('}').toString();
    }

    private static void appendField(StringBuilder b, String name, String value) {
      if (value == null || value.isEmpty()) {
        return;
      }
      if (b.length() > 1) {
        b.append(',');
      }
      GoValues.writeString(b, name);
      b.append(':');
      GoValues.writeString(b, value);
    }

    /**
     * How conflict messages name this manager: {@code "kubectl"}, {@code "x" with subresource
     * "status"}, and {@code using <apiVersion>} for updaters.
     */
    String describe() {
      String s = GoValues.goQuote(manager);
      if (!subresource.isEmpty()) {
        s += " with subresource " + GoValues.goQuote(subresource);
      }
      if (UPDATE.equals(operation)) {
        s += " using " + apiVersion;
      }
      return s;
    }
  }

  /**
   * The fields one manager owns.
   *
   * @param set the owned fields
   * @param apiVersion the API version the fields are expressed in
   * @param applied whether they come from an apply
   */
  record VersionedSet(FieldSet set, String apiVersion, boolean applied) {}

  final Map<ManagerId, VersionedSet> fields;
  final Map<ManagerId, Instant> times;

  ManagedFields(Map<ManagerId, VersionedSet> fields, Map<ManagerId, Instant> times) {
    this.fields = new LinkedHashMap<>(fields);
    this.times = new LinkedHashMap<>(times);
  }

  static ManagedFields empty() {
    return new ManagedFields(Map.of(), Map.of());
  }

  ManagedFields copy() {
    return new ManagedFields(fields, times);
  }

  /**
   * Decodes {@code metadata.managedFields} as kube's {@code DecodeManagedFields}.
   *
   * @param entries the array, or null
   * @throws IllegalArgumentException with kube's message when an entry is invalid
   */
  static ManagedFields decode(JsonNode entries) {
    ManagedFields out = empty();
    if (entries == null || entries.isNull()) {
      return out;
    }
    if (!entries.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      if (!e.isObject()) {
        throw new IllegalArgumentException("managedFields entry " + i + " must be an object");
      }
      String operation = text(e, "operation");
      if (!APPLY.equals(operation) && !UPDATE.equals(operation)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = text(e, "apiVersion");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = text(e, "fieldsType");
      if (fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      } else if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException(
            "invalid fieldsType " + GoValues.goQuote(fieldsType) + " in managed fields entry " + i);
      }
      ManagerId id =
          ManagerId.of(text(e, "manager"), operation, apiVersion, text(e, "subresource"));
      FieldSet set = FieldSet.fromFieldsV1(e.get("fieldsV1"));
      out.fields.put(id, new VersionedSet(set, apiVersion, APPLY.equals(operation)));
      String time = text(e, "time");
      if (time.isEmpty()) {
        out.times.remove(id);
      } else {
        out.times.put(id, parseTime(time));
      }
    }
    return out;
  }

  private static String text(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("managedFields." + field + " must be a string");
    }
    return v.textValue();
  }

  private static Instant parseTime(String time) {
    try {
      return OffsetDateTime.parse(time).toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid managedFields time " + time, e);
    }
  }

  /** RFC 3339 in UTC with seconds, as {@code metav1.Time} marshals. */
  static String formatTime(Instant time) {
    return RFC3339.format(time);
  }

  /**
   * Encodes as kube's {@code encodeManagedFields}: one entry per manager, sorted by operation,
   * time, manager, apiVersion and subresource; null when there are none.
   */
  ArrayNode encode() {
    if (fields.isEmpty()) {
      return null;
    }
    record Entry(ManagerId id, VersionedSet set, Instant time) {}
    List<Entry> entries = new ArrayList<>();
    fields.forEach((id, set) -> entries.add(new Entry(id, set, times.get(id))));
    entries.sort(
        Comparator.comparing((Entry e) -> e.set().applied() ? APPLY : UPDATE)
            .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(e -> e.id().manager())
            .thenComparing(e -> e.set().apiVersion())
            .thenComparing(e -> e.id().subresource()));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o = out.addObject();
      o.put("manager", e.id().manager());
      o.put("operation", e.set().applied() ? APPLY : e.id().operation());
      o.put("apiVersion", e.set().apiVersion());
      if (e.time() != null) {
        o.put("time", formatTime(e.time()));
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", e.set().set().toFieldsV1());
      if (!e.id().subresource().isEmpty()) {
        o.put("subresource", e.id().subresource());
      }
    }
    return out;
  }
}
