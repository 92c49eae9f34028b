package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertContains;
import static dev.kumo.apiserver.conformance.Client.assertLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Changing objects with both kubectls: {@code patch} (merge, JSON, strategic refused on custom
 * resources, the status subresource), {@code edit}, {@code label}, {@code annotate}, {@code diff},
 * {@code --dry-run=server} and {@code wait}. Each test works on its own VM per kubectl.
 */
class UpdateConformanceIT {
  private static final String MEDIA_TYPES =
      "the body of the request was in an unknown format - accepted media types include:"
          + " application/json-patch+json, application/merge-patch+json,"
          + " application/apply-patch+yaml";

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

  private static String vmManifest(String name, String hostname) {
    return "apiVersion: compute.kumo.dev/v1alpha1\n"
        + "kind: VmInstance\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "  namespace: default\n"
        + "spec:\n"
        + "  instanceOfferingRef: small\n"
        + "  imageRef: kumo-test-guest\n"
        + "  nics:\n"
        + "    - l3NetworkRef: private-l3\n"
        + "  hostname: "
        + hostname
        + "\n";
  }

  /** Applies a VM named {@code base-<kubectl id>} with the given kubectl and returns its name. */
  private static String createVm(Client kubectl, String base) {
    String name = kubectl.name(base);
    assertLines(
        kubectl.okWithStdin(vmManifest(name, base), "apply", "-f", "-"),
        "vminstance.compute.kumo.dev/" + name + " created");
    return name;
  }

  private static String vmPath(String name) {
    return "/apis/compute.kumo.dev/v1alpha1/namespaces/default/vminstances/" + name;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void mergeAndJsonPatch(Client kubectl) {
    String vm = createVm(kubectl, "patched");
    String object = "vminstance.compute.kumo.dev/" + vm;
    assertLines(
        kubectl.ok("patch", "vm", vm, "--type=merge", "-p", "{\"spec\":{\"hostname\":\"merged\"}}"),
        object + " patched");
    assertEquals("merged 2", kubectl.jsonpath("{.spec.hostname} {.metadata.generation}", "vm", vm));
    assertLines(
        kubectl.ok("patch", "vm", vm, "--type=merge", "-p", "{\"spec\":{\"hostname\":\"merged\"}}"),
        object + " patched (no change)");

    assertLines(
        kubectl.ok(
            "patch",
            "vm",
            vm,
            "--type=json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/hostname\",\"value\":\"json\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/nics/-\",\"value\":{\"l3NetworkRef\":\"other\"}}]"),
        object + " patched");
    assertEquals(
        "json private-l3,other, 3",
        kubectl.jsonpath(
            "{.spec.hostname} {range .spec.nics[*]}{.l3NetworkRef},{end} {.metadata.generation}",
            "vm",
            vm));

    Kubectl.Result failed =
        kubectl.fails(
            "patch",
            "vm",
            vm,
            "--type=json",
            "-p",
            "[{\"op\":\"test\",\"path\":\"/spec/hostname\",\"value\":\"other\"}]");
    assertContains(failed.stderr(), "The request is invalid", failed);
    assertEquals("json", kubectl.jsonpath("{.spec.hostname}", "vm", vm));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void strategicMergePatchIsRefusedOnCustomResources(Client kubectl) {
    String vm = createVm(kubectl, "strategic");
    Kubectl.Result refused =
        kubectl.fails("patch", "vm", vm, "-p", "{\"spec\":{\"hostname\":\"strategic-merge\"}}");
    // 1.32 names the patch type and kind itself; 1.20 prints the server's Status as is
    assertEquals(
        kubectl.modern()
            ? "error: application/strategic-merge-patch+json is not supported by"
                + " compute.kumo.dev/v1alpha1, Kind=VmInstance: "
                + MEDIA_TYPES
                + "\n"
            : "Error from server (UnsupportedMediaType): " + MEDIA_TYPES + "\n",
        refused.stderr(),
        refused.toString());
    assertEquals("strategic", kubectl.jsonpath("{.spec.hostname}", "vm", vm));
  }

  @Test
  void statusSubresourcePatchWithKubectl132() {
    Client kubectl = cluster.modern();
    String vm = createVm(kubectl, "status");
    assertLines(
        kubectl.ok(
            "patch",
            "vm",
            vm,
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"state\":\"Running\",\"hostRef\":\"host-1\"},"
                + "\"spec\":{\"hostname\":\"ignored\"}}"),
        "vminstance.compute.kumo.dev/" + vm + " patched");
    assertEquals(
        "Running host-1 status 1",
        kubectl.jsonpath(
            "{.status.state} {.status.hostRef} {.spec.hostname} {.metadata.generation}", "vm", vm));
    Kubectl.Result table = kubectl.ok("get", "vm", vm);
    assertTrue(
        Client.lines(table).get(1).matches(vm + " +Running +host-1 +\\S+"), table.toString());

    assertLines(
        kubectl.ok("patch", "vm", vm, "--type=merge", "-p", "{\"status\":{\"state\":\"Stopped\"}}"),
        "vminstance.compute.kumo.dev/" + vm + " patched (no change)");
    assertEquals("Running", kubectl.jsonpath("{.status.state}", "vm", vm));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void edit(Client kubectl) throws IOException {
    String vm = createVm(kubectl, "edited");
    Path script =
        cluster.write(
            "editor-" + kubectl.id() + ".sh",
            "#!/bin/sh\nsed -i 's/^  hostname: .*/  hostname: by-editor/' \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Client editing = kubectl.withEnvironment("KUBE_EDITOR", script.toString());
    assertLines(editing.ok("edit", "vm", vm), "vminstance.compute.kumo.dev/" + vm + " edited");
    assertEquals(
        "by-editor 2", kubectl.jsonpath("{.spec.hostname} {.metadata.generation}", "vm", vm));

    Kubectl.Result again = editing.ok("edit", "vm", vm);
    assertEquals("", again.stdout(), again.toString());
    assertEquals("Edit cancelled, no changes made.\n", again.stderr(), again.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void labelAndAnnotate(Client kubectl) {
    String vm = createVm(kubectl, "labelled");
    String object = "vminstance.compute.kumo.dev/" + vm;
    assertLines(kubectl.ok("label", "vm", vm, "tier=" + kubectl.id()), object + " labeled");
    assertLines(kubectl.ok("get", "vm", "-l", "tier=" + kubectl.id(), "-o", "name"), object);
    Kubectl.Result overwrite = kubectl.fails("label", "vm", vm, "tier=other");
    assertEquals(
        "error: 'tier' already has a value (" + kubectl.id() + "), and --overwrite is false\n",
        overwrite.stderr(),
        overwrite.toString());
    assertLines(kubectl.ok("label", "vm", vm, "tier=other", "--overwrite"), object + " labeled");
    assertEquals("other", kubectl.jsonpath("{.metadata.labels.tier}", "vm", vm));
    kubectl.ok("label", "vm", vm, "tier-");
    assertEquals("", kubectl.jsonpath("{.metadata.labels}", "vm", vm));

    assertLines(
        kubectl.ok("annotate", "vm", vm, "kumo.dev/note=hello world"), object + " annotated");
    assertEquals(
        "hello world", kubectl.jsonpath("{.metadata.annotations.kumo\\.dev/note}", "vm", vm));
    assertEquals("1", kubectl.jsonpath("{.metadata.generation}", "vm", vm), "metadata only");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void diff(Client kubectl) {
    String vm = createVm(kubectl, "diffed");
    Kubectl.Result same = kubectl.runWithStdin(vmManifest(vm, "diffed"), "diff", "-f", "-");
    assertEquals(0, same.exitCode(), same.toString());
    assertEquals("", same.stdout(), same.toString());

    Kubectl.Result different = kubectl.runWithStdin(vmManifest(vm, "changed"), "diff", "-f", "-");
    assertEquals(1, different.exitCode(), different.toString());
    assertTrue(
        different.stdout().lines().anyMatch(l -> l.equals("-  hostname: diffed")),
        different.toString());
    assertTrue(
        different.stdout().lines().anyMatch(l -> l.equals("+  hostname: changed")),
        different.toString());
    assertTrue(
        different.stdout().lines().anyMatch(l -> l.equals("+  generation: 2")),
        different.toString());
    assertEquals(
        "diffed 1",
        kubectl.jsonpath("{.spec.hostname} {.metadata.generation}", "vm", vm),
        "diff changes nothing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void serverDryRunStoresNothing(Client kubectl) {
    String vm = createVm(kubectl, "dry");
    String object = "vminstance.compute.kumo.dev/" + vm;
    String rv = kubectl.jsonpath("{.metadata.resourceVersion}", "vm", vm);
    assertLines(
        kubectl.okWithStdin(vmManifest(vm, "dry-changed"), "apply", "--dry-run=server", "-f", "-"),
        object + " configured (server dry run)");
    assertLines(
        kubectl.okWithStdin(
            vmManifest(vm, "dry-changed"), "apply", "--server-side", "--dry-run=server", "-f", "-"),
        object + " serverside-applied (server dry run)");
    kubectl.ok(
        "patch",
        "vm",
        vm,
        "--type=merge",
        "--dry-run=server",
        "-p",
        "{\"spec\":{\"hostname\":\"dry-patched\"}}");
    assertLines(
        kubectl.ok("delete", "vm", vm, "--dry-run=server"),
        "vminstance.compute.kumo.dev \"" + vm + "\" deleted (server dry run)");
    assertEquals(
        rv + " dry", kubectl.jsonpath("{.metadata.resourceVersion} {.spec.hostname}", "vm", vm));

    String fresh = kubectl.name("never");
    assertLines(
        kubectl.okWithStdin(vmManifest(fresh, "never"), "create", "--dry-run=server", "-f", "-"),
        "vminstance.compute.kumo.dev/" + fresh + " created (server dry run)");
    Kubectl.Result missing = kubectl.fails("get", "vm", fresh);
    assertEquals(
        "Error from server (NotFound): vminstances.compute.kumo.dev \"" + fresh + "\" not found\n",
        missing.stderr(),
        missing.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void waitForConditions(Client kubectl) throws Exception {
    String vm = createVm(kubectl, "waited");
    String object = "vminstance.compute.kumo.dev/" + vm;
    Kubectl.Result early =
        kubectl.fails("wait", "--for=condition=Ready", "vm/" + vm, "--timeout=1s");
    assertEquals(
        "error: timed out waiting for the condition on vminstances/" + vm + "\n",
        early.stderr(),
        early.toString());

    String generation = kubectl.jsonpath("{.metadata.generation}", "vm", vm);
    cluster.patchStatus(
        vmPath(vm),
        "{\"status\":{\"state\":\"Running\",\"observedGeneration\":"
            + generation
            + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Running\","
            + "\"message\":\"the VM runs\",\"lastTransitionTime\":\"2025-01-01T00:00:00Z\","
            + "\"observedGeneration\":"
            + generation
            + "}]}}");
    assertLines(
        kubectl.ok("wait", "--for=condition=Ready", "vm/" + vm, "--timeout=20s"),
        object + " condition met");
    if (kubectl.modern()) {
      assertLines(
          kubectl.ok("wait", "--for=jsonpath={.status.state}=Running", "vm/" + vm, "--timeout=20s"),
          object + " condition met");
      // a condition about an older generation is stale for 1.32
      kubectl.ok("patch", "vm", vm, "--type=merge", "-p", "{\"spec\":{\"hostname\":\"newer\"}}");
      Kubectl.Result stale =
          kubectl.fails("wait", "--for=condition=Ready", "vm/" + vm, "--timeout=1s");
      assertContains(stale.stderr(), "timed out waiting for the condition", stale);
    }
  }
}
