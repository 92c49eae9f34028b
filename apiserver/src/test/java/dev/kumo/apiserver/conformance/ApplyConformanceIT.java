package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertContains;
import static dev.kumo.apiserver.conformance.Client.assertLines;
import static dev.kumo.apiserver.conformance.Client.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl apply}, client-side and {@code --server-side}, with both kubectls: of a CRD (this
 * suite's Widget) and of the quickstart samples; re-apply with changes stores them, and an
 * unchanged re-apply stores nothing.
 */
class ApplyConformanceIT {
  private static final String CRD = "widgets.conformance.kumo.dev";

  /** The quickstart's objects in the order kubectl applies its files. */
  private static final List<String> QUICKSTART =
      List.of(
          "zone.infra.kumo.dev/zone-1",
          "cluster.infra.kumo.dev/cluster-1",
          "host.infra.kumo.dev/host-1",
          "primarystorage.storage.kumo.dev/local-ps",
          "backupstorage.storage.kumo.dev/image-store",
          "image.storage.kumo.dev/kumo-test-guest",
          "instanceoffering.compute.kumo.dev/small",
          "diskoffering.storage.kumo.dev/disk-1g",
          "l2network.network.kumo.dev/flat-l2",
          "l3network.network.kumo.dev/private-l3",
          "vminstance.compute.kumo.dev/vm-1");

  /**
   * The quickstart object whose re-apply is not a no-op on the wire: the server defaults {@code
   * type} inside the items of the atomic list {@code spec.ipRanges}, which the manifest leaves out.
   * kubectl's client-side apply (a JSON merge patch, which replaces whole lists) therefore always
   * sends a patch and prints {@code configured}, though the stored object does not change; a
   * server-side apply sees the applied list differ from the live one and refreshes its manager's
   * managedFields time, as structured-merge-diff does. kube-apiserver behaves the same.
   */
  private static final String DEFAULTED_LIST_ITEMS = "l3network.network.kumo.dev/private-l3";

  private static ConformanceCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ConformanceCluster.start();
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
  }

  static Stream<Client> clients() {
    return cluster.clients().stream();
  }

  @AfterEach
  void removeLeftovers() {
    Client kubectl = cluster.modern();
    kubectl.run(
        "delete", "-f", ConformanceCluster.sample("quickstart").toString(), "--ignore-not-found");
    kubectl.run("delete", "crd", CRD, "--ignore-not-found");
  }

  private static List<String> withSuffix(List<String> objects, String suffix) {
    return objects.stream().map(o -> o + " " + suffix).toList();
  }

  /** Every quickstart object's kind/name=resourceVersion, as kubectl reads them. */
  private static List<String> resourceVersions(Client kubectl) {
    return kubectl
        .jsonpath(
            "{range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{\"\\n\"}{end}",
            "kumo",
            "-A")
        .lines()
        .sorted()
        .toList();
  }

  private static List<String> withoutDefaultedListItems(List<String> resourceVersions) {
    return resourceVersions.stream().filter(rv -> !rv.startsWith("L3Network/private-l3=")).toList();
  }

  /** A copy of the quickstart with the instance offering's cpu and the VM's hostname changed. */
  private static Path changedQuickstart(String id) throws IOException {
    Path dir = cluster.fixture().dir().resolve("quickstart-" + id);
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(ConformanceCluster.sample("quickstart"))) {
      for (Path file : files.sorted().toList()) {
        String text =
            Files.readString(file)
                .replace("  cpu: 1\n", "  cpu: 2\n")
                .replace("hostname: vm-1", "hostname: vm-one");
        Files.writeString(dir.resolve(file.getFileName()), text);
      }
    }
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void clientSideApplyOfTheQuickstart(Client kubectl) throws IOException {
    String samples = ConformanceCluster.sample("quickstart").toString();
    assertLines(
        kubectl.ok("apply", "-f", samples),
        withSuffix(QUICKSTART, "created").toArray(String[]::new));
    List<String> before = resourceVersions(kubectl);
    assertEquals(QUICKSTART.size(), before.size(), before.toString());

    List<String> expected = new ArrayList<>();
    for (String object : QUICKSTART) {
      expected.add(object + (object.equals(DEFAULTED_LIST_ITEMS) ? " configured" : " unchanged"));
    }
    assertLines(kubectl.ok("apply", "-f", samples), expected.toArray(String[]::new));
    assertEquals(before, resourceVersions(kubectl), "an unchanged re-apply stores nothing");

    Path changed = changedQuickstart(kubectl.id());
    expected.set(
        QUICKSTART.indexOf("instanceoffering.compute.kumo.dev/small"),
        "instanceoffering.compute.kumo.dev/small configured");
    expected.set(
        QUICKSTART.indexOf("vminstance.compute.kumo.dev/vm-1"),
        "vminstance.compute.kumo.dev/vm-1 configured");
    assertLines(kubectl.ok("apply", "-f", changed.toString()), expected.toArray(String[]::new));
    assertEquals("2", kubectl.jsonpath("{.spec.cpu}", "instanceoffering", "small"));
    assertEquals(
        "vm-one 2", kubectl.jsonpath("{.spec.hostname} {.metadata.generation}", "vm", "vm-1"));

    List<String> deleted =
        QUICKSTART.stream().map(o -> o.replaceFirst("/(.*)$", " \"$1\" deleted")).toList();
    assertLines(kubectl.ok("delete", "-f", changed.toString()), deleted.toArray(String[]::new));
    Kubectl.Result none = kubectl.ok("get", "kumo", "-A");
    assertEquals("", none.stdout(), none.toString());
    assertContains(none.stderr(), "No resources found", none);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void serverSideApplyOfTheQuickstart(Client kubectl) throws IOException {
    String samples = ConformanceCluster.sample("quickstart").toString();
    String[] applied = withSuffix(QUICKSTART, "serverside-applied").toArray(String[]::new);
    assertLines(kubectl.ok("apply", "--server-side", "-f", samples), applied);
    assertEquals(
        "kubectl Apply",
        kubectl.jsonpath(
            "{.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}",
            "vm",
            "vm-1"));
    List<String> before = withoutDefaultedListItems(resourceVersions(kubectl));
    String ipRanges = kubectl.jsonpath("{.spec.ipRanges}", "l3network", "private-l3");

    assertLines(kubectl.ok("apply", "--server-side", "-f", samples), applied);
    assertEquals(
        before,
        withoutDefaultedListItems(resourceVersions(kubectl)),
        "an unchanged server-side apply stores nothing");
    assertEquals(ipRanges, kubectl.jsonpath("{.spec.ipRanges}", "l3network", "private-l3"));
    assertTrue(ipRanges.contains("\"type\":\"Normal\""), ipRanges);

    Path changed = changedQuickstart(kubectl.id());
    assertLines(kubectl.ok("apply", "--server-side", "-f", changed.toString()), applied);
    assertEquals("2", kubectl.jsonpath("{.spec.cpu}", "instanceoffering", "small"));
    assertEquals(
        "vm-one 2", kubectl.jsonpath("{.spec.hostname} {.metadata.generation}", "vm", "vm-1"));
    kubectl.ok("delete", "-f", changed.toString());
  }

  /** The Widget CRD with one more property and printer column ({@code spec.shape}). */
  private static Path changedCrd() throws IOException {
    String crd = Files.readString(ConformanceCluster.resource(CRD + ".yaml"));
    String changed =
        crd.replace(
                "        - name: Ready\n",
                "        - name: Shape\n          type: string\n          jsonPath: .spec.shape\n"
                    + "        - name: Ready\n")
            .replace(
                "                size:\n",
                "                shape:\n                  type: string\n"
                    + "                  description: The widget's shape.\n"
                    + "                size:\n");
    return cluster.write("widgets-changed.yaml", changed);
  }

  private static String widget(Client kubectl, String color, String shape) {
    return "apiVersion: conformance.kumo.dev/v1\nkind: Widget\nmetadata:\n  name: "
        + kubectl.name("w")
        + "\n  namespace: default\nspec:\n  color: "
        + color
        + (shape == null ? "" : "\n  shape: " + shape)
        + "\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void clientSideApplyOfACrd(Client kubectl) throws IOException {
    String crd = ConformanceCluster.resource(CRD + ".yaml").toString();
    String name = "customresourcedefinition.apiextensions.k8s.io/" + CRD;
    assertLines(kubectl.ok("apply", "-f", crd), name + " created");
    assertLines(
        kubectl.ok("wait", "--for=condition=Established", "crd/" + CRD, "--timeout=20s"),
        name + " condition met");
    assertLines(kubectl.ok("apply", "-f", crd), name + " unchanged");

    String widget = "widget.conformance.kumo.dev/" + kubectl.name("w");
    Kubectl.Result unknown =
        kubectl.runWithStdin(widget(kubectl, "red", "round"), "apply", "-f", "-");
    assertEquals(1, unknown.exitCode(), unknown.toString());
    // 1.32: the server's strict field validation; 1.20: its own validation against OpenAPI v2
    assertContains(
        unknown.stderr(),
        kubectl.modern() ? "unknown field \"spec.shape\"" : "unknown field \"shape\"",
        unknown);
    assertLines(
        kubectl.okWithStdin(widget(kubectl, "red", null), "apply", "-f", "-"), widget + " created");
    Kubectl.Result table = kubectl.ok("get", "widgets");
    assertEquals(List.of("NAME", "COLOR", "SIZE", "READY", "AGE"), header(table), table.toString());
    assertEquals("red 1", kubectl.jsonpath("{.spec.color} {.spec.size}", "wd", kubectl.name("w")));

    assertLines(kubectl.ok("apply", "-f", changedCrd().toString()), name + " configured");
    assertLines(
        kubectl.okWithStdin(widget(kubectl, "blue", "round"), "apply", "-f", "-"),
        widget + " configured");
    table = kubectl.ok("get", "widgets");
    assertEquals(
        List.of("NAME", "COLOR", "SIZE", "SHAPE", "READY", "AGE"), header(table), table.toString());
    assertTrue(
        Client.lines(table).get(1).matches(kubectl.name("w") + " +blue +1 +round +\\d+s"),
        table.toString());

    assertLines(
        kubectl.ok("delete", "-f", crd),
        "customresourcedefinition.apiextensions.k8s.io \"" + CRD + "\" deleted");
    // kubectl's discovery cache still knows the kind; the server no longer serves it
    Kubectl.Result gone = kubectl.fails("get", "widgets");
    assertEquals(
        "Error from server (NotFound): Unable to list \"conformance.kumo.dev/v1, Resource=widgets\":"
            + " the server could not find the requested resource\n",
        gone.stderr(),
        gone.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void serverSideApplyOfACrd(Client kubectl) throws IOException {
    String crd = ConformanceCluster.resource(CRD + ".yaml").toString();
    String name = "customresourcedefinition.apiextensions.k8s.io/" + CRD;
    assertLines(kubectl.ok("apply", "--server-side", "-f", crd), name + " serverside-applied");
    kubectl.ok("wait", "--for=condition=Established", "crd/" + CRD, "--timeout=20s");
    String rv = kubectl.jsonpath("{.metadata.resourceVersion}", "crd", CRD);
    assertLines(kubectl.ok("apply", "--server-side", "-f", crd), name + " serverside-applied");
    assertEquals(rv, kubectl.jsonpath("{.metadata.resourceVersion}", "crd", CRD), "nothing stored");

    assertLines(
        kubectl.ok("apply", "--server-side", "-f", changedCrd().toString()),
        name + " serverside-applied");
    assertEquals(
        "Color Size Shape Ready Age",
        kubectl.jsonpath("{.spec.versions[0].additionalPrinterColumns[*].name}", "crd", CRD));
    String widget = "widget.conformance.kumo.dev/" + kubectl.name("w");
    assertLines(
        kubectl.okWithStdin(widget(kubectl, "green", "round"), "apply", "--server-side", "-f", "-"),
        widget + " serverside-applied");
    assertEquals(
        "green round 1",
        kubectl.jsonpath("{.spec.color} {.spec.shape} {.spec.size}", "widget", kubectl.name("w")));
    kubectl.ok("delete", "crd", CRD);
  }
}
