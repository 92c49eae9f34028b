package dev.kumo.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The Table columns kube-apiserver computes in code for the built-in kinds Kumo serves (its {@code
 * pkg/printers/internalversion} handlers, always generated wide, and the default convertor for
 * CustomResourceDefinitions). Ages are strings in these tables.
 */
final class BuiltinPrinters {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Column NAME = new Column("Name", "string", "name", Descriptions.NAME, 0);
  private static final Column AGE =
      new Column("Age", "string", "", Descriptions.CREATION_TIMESTAMP, 0);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private BuiltinPrinters() {}

  /** The printer of a built-in kind; kinds without their own get Name and Created At. */
  static RowPrinter forKind(String group, String kind) {
    String key = group + "/" + kind;
    return switch (key) {
      case "/Namespace" ->
          printer(
              List.of(NAME, string("Status", "The status of the namespace"), AGE),
              (o, now) ->
                  cells(name(o), text(o.path("status").path("phase").asText()), age(o, now)));
      case "/ConfigMap" ->
          printer(
              List.of(
                  NAME,
                  string(
                      "Data",
                      "Data contains the configuration data. Each key must consist of alphanumeric"
                          + " characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must"
                          + " use the BinaryData field. The keys stored in Data must not overlap with"
                          + " the keys in the BinaryData field, this is enforced during validation"
                          + " process."),
                  AGE),
              (o, now) ->
                  cells(
                      name(o),
                      JSON.numberNode((long) o.path("data").size() + o.path("binaryData").size()),
                      age(o, now)));
      case "/Secret" ->
          printer(
              List.of(
                  NAME,
                  string(
                      "Type",
                      "Used to facilitate programmatic handling of secret data. More info:"
                          + " https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
                  string(
                      "Data",
                      "Data contains the secret data. Each key must consist of alphanumeric"
                          + " characters, '-', '_' or '.'. The serialized form of the secret data is a"
                          + " base64 encoded string, representing the arbitrary (possibly non-string)"
                          + " data value here. Described in"
                          + " https://tools.ietf.org/html/rfc4648#section-4"),
                  AGE),
              (o, now) ->
                  cells(
                      name(o),
                      text(o.path("type").asText()),
                      JSON.numberNode((long) o.path("data").size()),
                      age(o, now)));
      case "coordination.k8s.io/Lease" ->
          printer(
              List.of(
                  NAME,
                  string(
                      "Holder",
                      "holderIdentity contains the identity of the holder of a current lease. If"
                          + " Coordinated Leader Election is used, the holder identity must be equal to"
                          + " the elected LeaseCandidate.metadata.name field."),
                  AGE),
              (o, now) ->
                  cells(
                      name(o), text(o.path("spec").path("holderIdentity").asText()), age(o, now)));
      case "/Event" -> printer(EventRows.COLUMNS, EventRows::cells);
      default ->
          printer(
              List.of(
                  NAME, new Column("Created At", "date", "", Descriptions.CREATION_TIMESTAMP, 0)),
              (o, now) -> cells(name(o), createdAt(o)));
    };
  }

  private static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static JsonNode name(JsonNode object) {
    return text(object.path("metadata").path("name").asText());
  }

  static JsonNode text(String value) {
    return JSON.textNode(value);
  }

  static JsonNode age(JsonNode object, Instant now) {
    return text(
        HumanDuration.age(object.path("metadata").path("creationTimestamp").asText(""), now));
  }

  /** The default convertor's "Created At": the creation time in RFC 3339, UTC. */
  private static JsonNode createdAt(JsonNode object) {
    String created = object.path("metadata").path("creationTimestamp").asText("");
    return created.isEmpty()
        ? JSON.textNode("0001-01-01T00:00:00Z")
        : JSON.textNode(RFC3339.format(HumanDuration.parse(created)));
  }

  static List<JsonNode> cells(JsonNode... values) {
    return new ArrayList<>(List.of(values));
  }

  private static RowPrinter printer(
      List<Column> columns, BiFunction<JsonNode, Instant, List<JsonNode>> cells) {
    return new RowPrinter() {
      @Override
      public List<Column> columns() {
        return columns;
      }

      @Override
      public List<JsonNode> cells(JsonNode object, Instant now) {
        return cells.apply(object, now);
      }
    };
  }

  /** core/v1 Event rows: kubectl shows Last Seen, Type, Reason, Object and Message. */
  private static final class EventRows {
    static final List<Column> COLUMNS =
        List.of(
            string(
                "Last Seen",
                "The time at which the most recent occurrence of this event was recorded."),
            string(
                "Type",
                "Type of this event (Normal, Warning), new types could be added in the future"),
            string(
                "Reason",
                "This should be a short, machine understandable string that gives the reason for the"
                    + " transition into the object's current status."),
            string("Object", "The object that this event is about."),
            new Column(
                "Subobject",
                "string",
                "",
                "If referring to a piece of an object instead of an entire object, this string should"
                    + " contain a valid JSON/Go field access statement, such as"
                    + " desiredState.manifest.containers[2]. For example, if the object reference is"
                    + " to a container within a pod, this would take on a value like:"
                    + " \"spec.containers{name}\" (where \"name\" refers to the name of the container"
                    + " that triggered the event) or if no container name is specified"
                    + " \"spec.containers[2]\" (container with index 2 in this pod). This syntax is"
                    + " chosen only to have some well-defined way of referencing a part of an"
                    + " object.",
                1),
            new Column(
                "Source",
                "string",
                "",
                "The component reporting this event. Should be a short machine understandable string.",
                1),
            string("Message", "A human-readable description of the status of this operation."),
            new Column(
                "First Seen",
                "string",
                "",
                "The time at which the event was first recorded. (Time of server receipt is in"
                    + " TypeMeta.)",
                1),
            new Column("Count", "string", "", "The number of times this event has occurred.", 1),
            new Column("Name", "string", "name", Descriptions.NAME, 1));

    static List<JsonNode> cells(JsonNode event, Instant now) {
      String first = event.path("firstTimestamp").asText("");
      String firstSeen =
          first.isEmpty()
              ? HumanDuration.age(event.path("eventTime").asText(""), now)
              : HumanDuration.age(first, now);
      String last = event.path("lastTimestamp").asText("");
      String lastSeen = last.isEmpty() ? firstSeen : HumanDuration.age(last, now);
      long count = event.path("count").asLong(0);
      JsonNode series = event.path("series");
      if (series.isObject()) {
        lastSeen = HumanDuration.age(series.path("lastObservedTime").asText(""), now);
        count = series.path("count").asLong(0);
      } else if (count == 0) {
        count = 1; // singleton events of the new API carry no count
      }
      JsonNode involved = event.path("involvedObject");
      String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
      String involvedName = involved.path("name").asText("");
      String target = involvedName.isEmpty() ? kind : kind + "/" + involvedName;
      String component =
          firstNonEmpty(
              event.path("source").path("component").asText(""),
              event.path("reportingComponent").asText(""));
      String host =
          firstNonEmpty(
              event.path("source").path("host").asText(""),
              event.path("reportingInstance").asText(""));
      String source = host.isEmpty() ? component : component + ", " + host;
      return BuiltinPrinters.cells(
          text(lastSeen),
          text(event.path("type").asText("")),
          text(event.path("reason").asText("")),
          text(target),
          text(involved.path("fieldPath").asText("")),
          text(source),
          text(event.path("message").asText("").strip()),
          text(firstSeen),
          JSON.numberNode(count),
          name(event));
    }

    private static String firstNonEmpty(String a, String b) {
      return a.isEmpty() ? b : a;
    }
  }
}
