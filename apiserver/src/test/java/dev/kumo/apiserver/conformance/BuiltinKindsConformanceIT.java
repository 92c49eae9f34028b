package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertLines;
import static dev.kumo.apiserver.conformance.Client.header;
import static dev.kumo.apiserver.conformance.Client.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in kinds Kumo serves, with both kubectls: ConfigMaps and Secrets applied and re-applied
 * (kubectl sends strategic merge patches for built-ins), and a Namespace deleted with its contents,
 * refusing new content while it terminates.
 */
class BuiltinKindsConformanceIT {
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

  private static String namespace(String name) {
    return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
  }

  private static String configMap(String namespace, String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: "
        + namespace
        + "\ndata:\n"
        + data;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void configMapAppliedTwiceAndChanged(Client kubectl) {
    String ns = kubectl.name("config");
    assertLines(
        kubectl.okWithStdin(namespace(ns), "apply", "-f", "-"), "namespace/" + ns + " created");
    String first = configMap(ns, "  color: blue\n  size: large\n");
    assertLines(kubectl.okWithStdin(first, "apply", "-f", "-"), "configmap/settings created");
    assertLines(kubectl.okWithStdin(first, "apply", "-f", "-"), "configmap/settings unchanged");

    // a changed value and a removed key: kubectl's three-way strategic merge patch
    String second = configMap(ns, "  color: green\n");
    assertLines(kubectl.okWithStdin(second, "apply", "-f", "-"), "configmap/settings configured");
    assertEquals(
        "{\"color\":\"green\"}", kubectl.jsonpath("{.data}", "configmap", "settings", "-n", ns));
    assertLines(kubectl.okWithStdin(second, "apply", "-f", "-"), "configmap/settings unchanged");

    Kubectl.Result table = kubectl.ok("get", "configmaps", "-n", ns);
    assertEquals(List.of("NAME", "DATA", "AGE"), header(table), table.toString());
    assertTrue(
        lines(table).stream().anyMatch(l -> l.matches("settings +1 +\\S+")), table.toString());

    assertLines(
        kubectl.okWithStdin(second, "apply", "--server-side", "--force-conflicts", "-f", "-"),
        "configmap/settings serverside-applied");
    assertLines(kubectl.ok("delete", "namespace", ns), "namespace \"" + ns + "\" deleted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void secretAppliedTwice(Client kubectl) {
    String ns = kubectl.name("secret");
    kubectl.okWithStdin(namespace(ns), "apply", "-f", "-");
    String secret =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: "
            + ns
            + "\ntype: Opaque\ndata:\n  password: czNjcmV0\n";
    assertLines(kubectl.okWithStdin(secret, "apply", "-f", "-"), "secret/creds created");
    assertLines(kubectl.okWithStdin(secret, "apply", "-f", "-"), "secret/creds unchanged");
    String withStringData = secret + "stringData:\n  user: admin\n";
    assertLines(kubectl.okWithStdin(withStringData, "apply", "-f", "-"), "secret/creds configured");
    assertEquals(
        "czNjcmV0 YWRtaW4=",
        kubectl.jsonpath("{.data.password} {.data.user}", "secret", "creds", "-n", ns));
    assertEquals(
        "", kubectl.jsonpath("{.stringData}", "secret", "creds", "-n", ns), "never stored");
    Kubectl.Result table = kubectl.ok("get", "secret", "creds", "-n", ns);
    assertEquals(List.of("NAME", "TYPE", "DATA", "AGE"), header(table), table.toString());
    assertTrue(lines(table).get(1).matches("creds +Opaque +2 +\\S+"), table.toString());
    kubectl.ok("delete", "namespace", ns);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void namespaceDeletionTakesItsContents(Client kubectl) {
    String ns = kubectl.name("team");
    String contents =
        namespace(ns)
            + "---\n"
            + configMap(ns, "  color: blue\n")
            + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: "
            + ns
            + "\ndata:\n  password: czNjcmV0\n"
            + "---\napiVersion: compute.kumo.dev/v1alpha1\nkind: VmInstance\nmetadata:\n"
            + "  name: held\n  namespace: "
            + ns
            + "\n  finalizers:\n    - kumo.dev/hold\n"
            + "spec:\n  instanceOfferingRef: small\n  imageRef: kumo-test-guest\n"
            + "  nics:\n    - l3NetworkRef: private-l3\n";
    assertLines(
        kubectl.okWithStdin(contents, "apply", "-f", "-"),
        "namespace/" + ns + " created",
        "configmap/settings created",
        "secret/creds created",
        "vminstance.compute.kumo.dev/held created");

    assertLines(
        kubectl.ok("delete", "namespace", ns, "--wait=false"), "namespace \"" + ns + "\" deleted");
    Kubectl.Result terminating = kubectl.ok("get", "namespace", ns);
    assertTrue(
        lines(terminating).get(1).matches(ns + " +Terminating +\\S+"), terminating.toString());
    Kubectl.Result late =
        kubectl.runWithStdin(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n  namespace: "
                + ns
                + "\ndata:\n  a: b\n",
            "create",
            "-f",
            "-");
    assertEquals(1, late.exitCode(), late.toString());
    assertEquals(
        "Error from server (Forbidden): error when creating \"STDIN\": configmaps \"late\" is"
            + " forbidden: unable to create new content in namespace "
            + ns
            + " because it is being terminated\n",
        late.stderr(),
        late.toString());

    // the VM's finalizer holds the namespace; the rest of its contents is already gone
    Kubectl.Result left =
        kubectl.ok("get", "configmaps,secrets,vminstances", "-n", ns, "-o", "name");
    assertLines(left, "vminstance.compute.kumo.dev/held");
    kubectl.ok(
        "patch",
        "vm",
        "held",
        "-n",
        ns,
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (kubectl.run("get", "namespace", ns, "-o", "name").ok()) {
      assertTrue(System.nanoTime() < deadline, "namespace " + ns + " still there after 30 s");
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    Kubectl.Result gone = kubectl.fails("get", "namespace", ns);
    assertEquals(
        "Error from server (NotFound): namespaces \"" + ns + "\" not found\n",
        gone.stderr(),
        gone.toString());
    Kubectl.Result empty = kubectl.ok("get", "configmaps,secrets,vminstances", "-n", ns);
    assertEquals("", empty.stdout(), empty.toString());
    assertEquals("No resources found in " + ns + " namespace.\n", empty.stderr(), empty.toString());
  }
}
