package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertContains;
import static dev.kumo.apiserver.conformance.Client.header;
import static dev.kumo.apiserver.conformance.Client.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading with both kubectls: {@code get} as a table (the CRDs' printer columns), {@code -o wide},
 * {@code yaml}, {@code json}, {@code jsonpath}, by category and short name, streaming with {@code
 * -w}; {@code describe}, {@code explain} and {@code api-resources}. The quickstart is applied once
 * and the VM given a status, as its controller would.
 */
class GetConformanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(20);

  private static final List<String> QUICKSTART =
      List.of(
          "backupstorage.storage.kumo.dev/image-store",
          "cluster.infra.kumo.dev/cluster-1",
          "diskoffering.storage.kumo.dev/disk-1g",
          "host.infra.kumo.dev/host-1",
          "image.storage.kumo.dev/kumo-test-guest",
          "instanceoffering.compute.kumo.dev/small",
          "l2network.network.kumo.dev/flat-l2",
          "l3network.network.kumo.dev/private-l3",
          "primarystorage.storage.kumo.dev/local-ps",
          "vminstance.compute.kumo.dev/vm-1",
          "zone.infra.kumo.dev/zone-1");

  private static ConformanceCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ConformanceCluster.start();
    cluster.modern().ok("apply", "-f", ConformanceCluster.sample("quickstart").toString());
    cluster.patchStatus(
        "/apis/compute.kumo.dev/v1alpha1/namespaces/default/vminstances/vm-1",
        "{\"status\":{\"state\":\"Running\",\"hostRef\":\"host-1\",\"ip\":\"192.168.100.10\","
            + "\"cpu\":1,\"memory\":\"512Mi\"}}");
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
  }

  static Stream<Client> clients() {
    return cluster.clients().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void tableHasThePrinterColumns(Client kubectl) {
    Kubectl.Result table = kubectl.ok("get", "vm");
    assertEquals(
        List.of("NAME", "STATE", "HOST", "IP", "CPU", "MEMORY", "AGE"),
        header(table),
        table.toString());
    assertEquals(2, lines(table).size(), table.toString());
    assertTrue(
        lines(table).get(1).matches("vm-1 +Running +host-1 +192\\.168\\.100\\.10 +1 +512Mi +\\S+"),
        table.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void wideAddsThePriorityColumns(Client kubectl) {
    Kubectl.Result wide = kubectl.ok("get", "vminstances", "-o", "wide");
    assertEquals(
        List.of("NAME", "STATE", "HOST", "IP", "CPU", "MEMORY", "IMAGE", "DESIRED", "READY", "AGE"),
        header(wide),
        wide.toString());
    assertTrue(
        lines(wide)
            .get(1)
            .matches(
                "vm-1 +Running +host-1 +192\\.168\\.100\\.10 +1 +512Mi +kumo-test-guest +Running"
                    + " +\\S+"),
        wide.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void yamlAndJson(Client kubectl) throws IOException {
    Kubectl.Result yaml = kubectl.ok("get", "vm", "vm-1", "-o", "yaml");
    List<String> yamlLines = yaml.stdout().lines().toList();
    for (String expected :
        List.of(
            "apiVersion: compute.kumo.dev/v1alpha1",
            "kind: VmInstance",
            "  name: vm-1",
            "  namespace: default",
            "  imageRef: kumo-test-guest",
            "  - l3NetworkRef: private-l3",
            "  hostRef: host-1")) {
      assertTrue(yamlLines.contains(expected), expected + " in " + yaml);
    }

    JsonNode vm = JSON.readTree(kubectl.ok("get", "vm", "vm-1", "-o", "json").stdout());
    assertEquals("VmInstance", vm.path("kind").asText());
    assertEquals("private-l3", vm.at("/spec/nics/0/l3NetworkRef").asText());
    assertEquals("Running", vm.at("/status/state").asText());
    assertEquals(36, vm.at("/metadata/uid").asText().length(), vm.toString());

    JsonNode list = JSON.readTree(kubectl.ok("get", "kumo", "-o", "json").stdout());
    assertEquals("List", list.path("kind").asText());
    assertEquals(QUICKSTART.size(), list.path("items").size(), list.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void jsonpath(Client kubectl) {
    assertEquals(
        "small/host-1/192.168.100.10",
        kubectl.jsonpath(
            "{.spec.instanceOfferingRef}/{.status.hostRef}/{.status.ip}", "vm", "vm-1"));
    assertEquals(
        "192.168.100.10-192.168.100.200",
        kubectl.jsonpath(
            "{.spec.ipRanges[0].startIp}-{.spec.ipRanges[?(@.name==\"range-1\")].endIp}",
            "l3network",
            "private-l3"));
    assertEquals(
        "flat-l2 ", kubectl.jsonpath("{range .items[*]}{.metadata.name} {end}", "l2networks"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void categoryAndShortNames(Client kubectl) {
    Kubectl.Result names = kubectl.ok("get", "kumo", "-o", "name");
    assertEquals(QUICKSTART, lines(names).stream().sorted().toList(), names.toString());
    Kubectl.Result tables = kubectl.ok("get", "kumo");
    for (String object : QUICKSTART) {
      assertTrue(
          lines(tables).stream().anyMatch(l -> l.startsWith(object + " ")),
          object + " in " + tables);
    }
    Kubectl.Result offering = kubectl.ok("get", "io", "small");
    assertEquals(
        List.of("NAME", "CPU", "MEMORY", "STRATEGY", "STATE", "AGE"),
        header(offering),
        offering.toString());
    assertTrue(
        lines(offering).get(1).matches("small +1 +512Mi +LeastVmPreferred +Enabled +\\S+"),
        offering.toString());
    Kubectl.Result missing = kubectl.fails("get", "vm", "nope");
    assertEquals(
        "Error from server (NotFound): vminstances.compute.kumo.dev \"nope\" not found\n",
        missing.stderr(),
        missing.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void watchPrintsNewLines(Client kubectl) throws Exception {
    String zone = kubectl.name("watched");
    LineStream watch = LineStream.of(kubectl.kubectl().start("get", "zones", "-w"));
    try {
      watch.await(l -> l.matches("NAME +STATE +READY +CLUSTERS +HOSTS +AGE"), STREAM_TIMEOUT);
      watch.await(l -> l.startsWith("zone-1 "), STREAM_TIMEOUT);
      kubectl.okWithStdin(
          "apiVersion: infra.kumo.dev/v1alpha1\nkind: Zone\nmetadata:\n  name: "
              + zone
              + "\nspec:\n  description: watched\n",
          "create",
          "-f",
          "-");
      watch.await(l -> l.matches(zone + " +Enabled +\\S+"), STREAM_TIMEOUT);
      kubectl.ok(
          "patch", "zone", zone, "--type=merge", "-p", "{\"spec\":{\"state\":\"Disabled\"}}");
      watch.await(l -> l.matches(zone + " +Disabled +\\S+"), STREAM_TIMEOUT);
    } finally {
      watch.stop();
    }
    LineStream events =
        LineStream.of(kubectl.kubectl().start("get", "zone", zone, "-w", "--output-watch-events"));
    try {
      events.await(
          l -> l.matches("EVENT +NAME +STATE +READY +CLUSTERS +HOSTS +AGE"), STREAM_TIMEOUT);
      events.await(l -> l.matches("ADDED +" + zone + " +Disabled +\\S+"), STREAM_TIMEOUT);
      kubectl.ok("delete", "zone", zone);
      events.await(l -> l.matches("DELETED +" + zone + " +Disabled +\\S+"), STREAM_TIMEOUT);
    } finally {
      events.stop();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void describe(Client kubectl) {
    Kubectl.Result described = kubectl.ok("describe", "vm", "vm-1");
    List<String> text = described.stdout().lines().toList();
    for (String pattern :
        List.of(
            "Name: +vm-1",
            "Namespace: +default",
            "API Version: +compute.kumo.dev/v1alpha1",
            "Kind: +VmInstance",
            "  Image Ref: +kumo-test-guest",
            "  Instance Offering Ref: +small",
            "    l3NetworkRef: +private-l3",
            "  Host Ref: +host-1",
            "  State: +Running",
            "Events: +<none>")) {
      assertTrue(text.stream().anyMatch(l -> l.matches(pattern)), pattern + " in " + described);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void explain(Client kubectl) {
    Kubectl.Result explained = kubectl.ok("explain", "vm.spec");
    String out = explained.stdout();
    assertTrue(out.lines().anyMatch(l -> l.matches("KIND: +VmInstance")), explained.toString());
    // 1.32 explains from OpenAPI v3, 1.20 from the v2 protobuf document: different layouts
    assertContains(
        out, kubectl.modern() ? "FIELD: spec <Object>" : "RESOURCE: spec <Object>", explained);
    assertContains(out, "The desired state of a VM.", explained);
    assertTrue(
        out.lines().anyMatch(l -> l.matches(" +imageRef\t<string>( -required-)?")),
        explained.toString());
    assertTrue(
        out.lines().anyMatch(l -> l.matches(" +nics\t<\\[\\]Object>( -required-)?")),
        explained.toString());

    Kubectl.Result nics = kubectl.ok("explain", "vminstances.spec.nics.l3NetworkRef");
    assertContains(
        nics.stdout(),
        kubectl.modern() ? "FIELD: l3NetworkRef <string>" : "FIELD:    l3NetworkRef <string>",
        nics);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void apiResources(Client kubectl) {
    Kubectl.Result compute = kubectl.ok("api-resources", "--api-group=compute.kumo.dev");
    assertEquals(
        List.of(
            List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"),
            List.of("affinitygroups", "ag", "compute.kumo.dev/v1alpha1", "true", "AffinityGroup"),
            List.of(
                "instanceofferings",
                "io",
                "compute.kumo.dev/v1alpha1",
                "false",
                "InstanceOffering"),
            List.of("vminstances", "vm", "compute.kumo.dev/v1alpha1", "true", "VmInstance")),
        lines(compute).stream().map(l -> List.of(l.trim().split(" +"))).toList(),
        compute.toString());

    Kubectl.Result wide = kubectl.ok("api-resources", "--api-group=compute.kumo.dev", "-o", "wide");
    String vms = lines(wide).get(3);
    if (kubectl.modern()) {
      assertTrue(
          vms.matches(
              "vminstances +vm +compute\\.kumo\\.dev/v1alpha1 +true +VmInstance"
                  + " +delete,deletecollection,get,list,patch,create,update,watch +kumo"),
          wide.toString());
      Kubectl.Result kumo = kubectl.ok("api-resources", "--categories=kumo", "-o", "name");
      assertEquals(17, lines(kumo).size(), kumo.toString());
      assertTrue(lines(kumo).contains("vminstances.compute.kumo.dev"), kumo.toString());
    } else {
      assertTrue(
          vms.matches(
              "vminstances +vm +compute\\.kumo\\.dev/v1alpha1 +true +VmInstance"
                  + " +\\[delete deletecollection get list patch create update watch\\]"),
          wide.toString());
    }
    Kubectl.Result namespaced = kubectl.ok("api-resources", "--namespaced=false", "-o", "name");
    assertTrue(lines(namespaced).contains("zones.infra.kumo.dev"), namespaced.toString());
    assertTrue(lines(namespaced).contains("namespaces"), namespaced.toString());
  }
}
