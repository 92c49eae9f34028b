package dev.kumo.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.apiserver.openapi.ServedKinds;
import dev.kumo.apiserver.registry.ResourceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConverterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final TableFormat V1 = new TableFormat("meta.k8s.io/v1");

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final JsonNode VM =
      json(
          """
      {"apiVersion":"compute.kumo.dev/v1alpha1","kind":"VmInstance",
       "metadata":{"name":"vm1","namespace":"default","uid":"u1","resourceVersion":"42",
                   "creationTimestamp":"2026-11-23T09:55:00Z","labels":{"app":"web"}},
       "spec":{"imageRef":"ubuntu","state":"Running"},
       "status":{"state":"Running","hostRef":"host-1","ip":"10.0.0.5","cpu":2,"memory":"2Gi",
                 "conditions":[{"type":"Ready","status":"True"}]}}
      """);

  private static final JsonNode VM_LIST =
      json(
          """
      {"apiVersion":"compute.kumo.dev/v1alpha1","kind":"VmInstanceList",
       "metadata":{"resourceVersion":"105","continue":"abc"},
       "items":[%s,{"apiVersion":"compute.kumo.dev/v1alpha1","kind":"VmInstance",
                    "metadata":{"name":"vm2","namespace":"default","creationTimestamp":"2026-11-20T06:00:00Z"},
                    "spec":{}}]}
      """
              .formatted(VM));

  @Test
  void vmInstanceColumnsComeFromThePrinterColumnsWithNameFirst() {
    JsonNode table =
        TableConverter.forType(ServedKinds.kumo("vminstances"))
            .table(VM_LIST, V1, IncludeObject.METADATA, false, NOW);
    assertEquals("Table", table.path("kind").asText());
    assertEquals("meta.k8s.io/v1", table.path("apiVersion").asText());
    assertEquals(
        "{\"resourceVersion\":\"105\",\"continue\":\"abc\"}", table.path("metadata").toString());
    List<String> headers = table.path("columnDefinitions").findValuesAsText("name");
    assertEquals(
        List.of("Name", "State", "Host", "IP", "CPU", "Memory", "Image", "Desired", "Ready", "Age"),
        headers);
    JsonNode name = table.path("columnDefinitions").get(0);
    assertEquals("name", name.path("format").asText());
    assertTrue(
        name.path("description").asText().startsWith("Name must be unique within a namespace."));
    JsonNode ready = table.path("columnDefinitions").get(8);
    assertEquals(
        "{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"description\":\"Custom resource definition column (in JSONPath format): .status.conditions[?(@.type==\\\"Ready\\\")].status\",\"priority\":1}",
        ready.toString());
    assertEquals(
        "[\"vm1\",\"Running\",\"host-1\",\"10.0.0.5\",2,\"2Gi\",\"ubuntu\",\"Running\",\"True\",\"5m\"]",
        table.path("rows").get(0).path("cells").toString());
    assertEquals(
        "[\"vm2\",null,null,null,null,null,null,null,null,\"3d4h\"]",
        table.path("rows").get(1).path("cells").toString());
  }

  @Test
  void hostColumnsIncludeWideOnes() {
    ResourceType hosts = ServedKinds.kumo("hosts");
    JsonNode host =
        json(
            """
        {"metadata":{"name":"h1","creationTimestamp":"2026-11-23T07:00:00Z"},
         "spec":{"clusterRef":"c1","managementIp":"192.168.0.10","state":"Enabled"},
         "status":{"connection":"Connected","vms":3,"capacity":{"availableCpu":30.0,"availableMemory":"60Gi"}}}
        """);
    JsonNode table = TableConverter.forType(hosts).table(host, V1, IncludeObject.NONE, false, NOW);
    List<String> headers = table.path("columnDefinitions").findValuesAsText("name");
    assertEquals(
        List.of("Name", "Cluster", "IP", "State", "Status", "VMs", "CPU", "Memory", "Age"),
        headers);
    assertEquals(1, table.path("columnDefinitions").get(6).path("priority").asInt());
    assertEquals(
        "[\"h1\",\"c1\",\"192.168.0.10\",\"Enabled\",\"Connected\",3,30,\"60Gi\",\"3h\"]",
        table.path("rows").get(0).path("cells").toString());
    assertTrue(table.path("rows").get(0).path("object").isNull());
  }

  @Test
  void cellsAreTypedByColumnType() {
    ResourceType type =
        withColumns(
            """
        [{"name":"S","type":"string","jsonPath":".v"},{"name":"I","type":"integer","jsonPath":".v"},
         {"name":"N","type":"number","jsonPath":".v"},{"name":"B","type":"boolean","jsonPath":".v"},
         {"name":"D","type":"date","jsonPath":".v"}]
        """);
    TableConverter converter = TableConverter.forType(type);
    assertEquals(
        "[\"x\",\"1.5\",1,1.5,null,null]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":1.5}"));
    assertEquals(
        "[\"x\",\"7\",7,7,null,null]", cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":7}"));
    assertEquals(
        "[\"x\",\"true\",null,null,true,null]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":true}"));
    assertEquals(
        "[\"x\",\"2026-11-23T09:00:00Z\",null,null,null,\"60m\"]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":\"2026-11-23T09:00:00Z\"}"));
    assertEquals(
        "[\"x\",\"soon\",null,null,null,\"<invalid>\"]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":\"soon\"}"));
    assertEquals(
        "[\"x\",\"{\\\"a\\\":\\\"\\\\u003cb\\\\u003e\\\",\\\"z\\\":1}\",null,null,null,null]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":{\"z\":1,\"a\":\"<b>\"}}"));
    assertEquals(
        "[\"x\",\"2.9\",2,2.9,null,null]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":2.9}"));
    assertEquals(
        "[\"x\",\"1e+21\",",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":1e21}").substring(0, 13));
    assertEquals(
        "[\"x\",null,null,null,null,null]",
        cells(converter, "{\"metadata\":{\"name\":\"x\"},\"v\":null}"));
  }

  @Test
  void crdWithoutColumnsGetsAge() {
    TableConverter converter = TableConverter.forType(withColumns("[]"));
    assertEquals(List.of("Name", "Age"), converter.columns().stream().map(Column::name).toList());
    assertEquals("date", converter.columns().get(1).type());
    assertEquals(
        "[\"x\",\"5m\"]",
        cells(
            converter,
            "{\"metadata\":{\"name\":\"x\",\"creationTimestamp\":\"2026-11-23T09:55:00Z\"}}"));
  }

  @Test
  void includeObjectVariants() {
    TableConverter converter = TableConverter.forType(ServedKinds.kumo("vminstances"));
    JsonNode metadata =
        converter
            .table(VM, V1, IncludeObject.METADATA, false, NOW)
            .path("rows")
            .get(0)
            .path("object");
    assertEquals(
        "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"vm1\",\"namespace\":\"default\",\"uid\":\"u1\",\"resourceVersion\":\"42\",\"creationTimestamp\":\"2026-11-23T09:55:00Z\",\"labels\":{\"app\":\"web\"}}}",
        metadata.toString());
    JsonNode v1beta1 =
        converter.table(
            VM, new TableFormat("meta.k8s.io/v1beta1"), IncludeObject.METADATA, false, NOW);
    assertEquals(
        "meta.k8s.io/v1beta1",
        v1beta1.path("rows").get(0).path("object").path("apiVersion").asText());
    assertEquals(
        VM,
        converter
            .table(VM, V1, IncludeObject.OBJECT, false, NOW)
            .path("rows")
            .get(0)
            .path("object"));
    JsonNode none = converter.table(VM, V1, IncludeObject.NONE, false, NOW).path("rows").get(0);
    assertTrue(none.has("object") && none.path("object").isNull());
    assertEquals(
        "{\"resourceVersion\":\"42\"}",
        converter.table(VM, V1, IncludeObject.NONE, false, NOW).path("metadata").toString());
  }

  @Test
  void watchSendsColumnDefinitionsOnlyWithTheFirstEvent() {
    TableConverter.WatchTables watch =
        TableConverter.forType(ServedKinds.kumo("vminstances")).watch(V1, IncludeObject.METADATA);
    JsonNode first = watch.next(VM, NOW);
    JsonNode second = watch.next(VM, NOW);
    assertEquals(10, first.path("columnDefinitions").size());
    assertTrue(second.has("columnDefinitions") && second.path("columnDefinitions").isNull());
    assertEquals(1, second.path("rows").size());
  }

  @Test
  void builtinKindsUseKubesColumns() {
    List<ResourceType> builtins = ServedKinds.builtins();
    assertEquals(
        "[\"default\",\"Active\",\"5m\"]",
        cells(
            TableConverter.forType(builtins.get(0)),
            "{\"metadata\":{\"name\":\"default\",\"creationTimestamp\":\"2026-11-23T09:55:00Z\"},\"status\":{\"phase\":\"Active\"}}"));
    assertEquals(List.of("Name", "Status", "Age"), names(builtins.get(0)));
    assertEquals(
        "[\"cfg\",3,\"<unknown>\"]",
        cells(
            TableConverter.forType(builtins.get(1)),
            "{\"metadata\":{\"name\":\"cfg\"},\"data\":{\"a\":\"1\",\"b\":\"2\"},\"binaryData\":{\"c\":\"AA==\"}}"));
    assertEquals(List.of("Name", "Type", "Data", "Age"), names(builtins.get(2)));
    assertEquals(
        "[\"s\",\"Opaque\",1,\"<unknown>\"]",
        cells(
            TableConverter.forType(builtins.get(2)),
            "{\"metadata\":{\"name\":\"s\"},\"type\":\"Opaque\",\"data\":{\"k\":\"dg==\"}}"));
    assertEquals(List.of("Name", "Holder", "Age"), names(builtins.get(4)));
    assertEquals(
        "[\"vm-operator-lease\",\"40ad5e8f\",\"<unknown>\"]",
        cells(
            TableConverter.forType(builtins.get(4)),
            "{\"metadata\":{\"name\":\"vm-operator-lease\"},\"spec\":{\"holderIdentity\":\"40ad5e8f\"}}"));
    assertEquals(List.of("Name", "Created At"), names(builtins.get(5)));
    assertEquals(
        "[\"vminstances.compute.kumo.dev\",\"2026-11-23T09:55:00Z\"]",
        cells(
            TableConverter.forType(builtins.get(5)),
            "{\"metadata\":{\"name\":\"vminstances.compute.kumo.dev\",\"creationTimestamp\":\"2026-11-23T09:55:00Z\"}}"));
  }

  @Test
  void eventRowsReadLikeKubectlGetEvents() {
    TableConverter events = TableConverter.forType(ServedKinds.builtins().get(3));
    List<String> shown =
        events.columns().stream().filter(c -> c.priority() == 0).map(Column::name).toList();
    assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Message"), shown);
    assertEquals(
        "[\"5m\",\"Warning\",\"NoCapacity\",\"vminstance/vm1\",\"\",\"vm-controller, node-1\",\"no host has 64 CPUs\",\"10m\",3,\"vm1.17a\"]",
        cells(
            events,
            """
            {"metadata":{"name":"vm1.17a","namespace":"default"},"type":"Warning","reason":"NoCapacity",
             "message":"no host has 64 CPUs\\n","count":3,
             "firstTimestamp":"2026-11-23T09:50:00Z","lastTimestamp":"2026-11-23T09:55:00Z",
             "involvedObject":{"kind":"VmInstance","name":"vm1"},"source":{"component":"vm-controller","host":"node-1"}}
            """));
    assertEquals(
        "[\"5m\",\"Normal\",\"Started\",\"vminstance/vm1\",\"\",\"kumo\",\"ok\",\"5m\",1,\"e2\"]",
        cells(
            events,
            """
            {"metadata":{"name":"e2"},"type":"Normal","reason":"Started","message":"ok",
             "eventTime":"2026-11-23T09:55:00.000000Z","reportingComponent":"kumo",
             "involvedObject":{"kind":"VmInstance","name":"vm1"}}
            """));
  }

  private static List<String> names(ResourceType type) {
    return TableConverter.forType(type).columns().stream().map(Column::name).toList();
  }

  private static String cells(TableConverter converter, String object) {
    return converter
        .table(json(object), V1, IncludeObject.NONE, true, NOW)
        .path("rows")
        .get(0)
        .path("cells")
        .toString();
  }

  private static ResourceType withColumns(String columns) {
    ResourceType vm = ServedKinds.kumo("vminstances");
    return new ResourceType(
        vm.group(),
        vm.version(),
        vm.kind(),
        vm.listKind(),
        vm.plural(),
        vm.singular(),
        vm.shortNames(),
        vm.categories(),
        vm.namespaced(),
        vm.statusSubresource(),
        (com.fasterxml.jackson.databind.node.ArrayNode) json(columns),
        vm.openApiV3Schema(),
        vm.schema(),
        vm.verbs(),
        vm.storagePrefix(),
        false,
        false,
        true);
  }
}
