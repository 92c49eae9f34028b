package dev.kumo.apiserver.conformance;

import static dev.kumo.apiserver.conformance.Client.assertContains;
import static dev.kumo.apiserver.conformance.Client.assertLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deleting with both kubectls: plainly, held by a finalizer until a patch removes it ({@code wait
 * --for=delete} sees it go), and an owner with ConfigMap dependents under each {@code --cascade}
 * policy, with the garbage collector's effects checked through kubectl.
 */
class DeleteConformanceIT {
  private static final String HOLD = "kumo.dev/hold";

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

  private static String zone(String name, boolean held) {
    return "apiVersion: infra.kumo.dev/v1alpha1\nkind: Zone\nmetadata:\n  name: "
        + name
        + (held ? "\n  finalizers:\n    - " + HOLD : "")
        + "\nspec:\n  description: for deletion\n";
  }

  /** A ConfigMap in {@code default} owned by the zone, optionally held by a finalizer. */
  private static String dependent(String name, String owner, String ownerUid, boolean held) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\n  namespace: default\n"
        + (held ? "  finalizers:\n    - " + HOLD + "\n" : "")
        + "  ownerReferences:\n"
        + "    - apiVersion: infra.kumo.dev/v1alpha1\n"
        + "      kind: Zone\n"
        + "      name: "
        + owner
        + "\n      uid: "
        + ownerUid
        + "\n      blockOwnerDeletion: true\n"
        + "data:\n  owner: "
        + owner
        + "\n";
  }

  private static void release(Client kubectl, String... object) {
    String[] args = new String[object.length + 5];
    args[0] = "patch";
    System.arraycopy(object, 0, args, 1, object.length);
    args[object.length + 1] = "--type=json";
    args[object.length + 2] = "-p";
    args[object.length + 3] = "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]";
    args[object.length + 4] = "--namespace=default";
    kubectl.ok(args);
  }

  private static void assertGone(Client kubectl, String kind, String plural, String name) {
    Kubectl.Result missing = kubectl.fails("get", kind, name, "-n", "default");
    assertEquals(
        "Error from server (NotFound): " + plural + " \"" + name + "\" not found\n",
        missing.stderr(),
        missing.toString());
  }

  /**
   * Polls with {@code kubectl get} until the object is gone (the garbage collector works in the
   * background; {@code kubectl wait --for=delete} cannot be used on an object that may already be
   * gone, which kubectl 1.20 reports as an error).
   */
  private static void awaitGone(Client kubectl, String kind, String plural, String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (kubectl.run("get", kind, name, "-n", "default", "-o", "name").ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(kind + " " + name + " still exists after 30 s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertGone(kubectl, kind, plural, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void plainDelete(Client kubectl) {
    String name = kubectl.name("plain");
    kubectl.okWithStdin(zone(name, false), "apply", "-f", "-");
    assertLines(kubectl.ok("delete", "zone", name), "zone.infra.kumo.dev \"" + name + "\" deleted");
    assertGone(kubectl, "zone", "zones.infra.kumo.dev", name);
    Kubectl.Result again = kubectl.fails("delete", "zone", name);
    assertEquals(
        "Error from server (NotFound): zones.infra.kumo.dev \"" + name + "\" not found\n",
        again.stderr(),
        again.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void finalizerHoldsTheObjectUntilRemoved(Client kubectl) throws Exception {
    String name = kubectl.name("held");
    kubectl.okWithStdin(zone(name, true), "apply", "-f", "-");
    assertLines(
        kubectl.ok("delete", "zone", name, "--wait=false"),
        "zone.infra.kumo.dev \"" + name + "\" deleted");
    String state =
        kubectl.jsonpath("{.metadata.deletionTimestamp} {.metadata.finalizers}", "zone", name);
    assertTrue(
        state.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\[\"kumo.dev/hold\"\\]"), state);

    Kubectl.Result added =
        kubectl.fails(
            "patch",
            "zone",
            name,
            "--type=merge",
            "-p",
            "{\"metadata\":{\"finalizers\":[\"" + HOLD + "\",\"kumo.dev/late\"]}}");
    assertContains(
        added.stderr(),
        "Forbidden: no new finalizers can be added if the object is being deleted",
        added);

    Process waiting =
        kubectl.kubectl().start("wait", "--for=delete", "zone/" + name, "--timeout=60s");
    assertFalse(waiting.waitFor(1500, TimeUnit.MILLISECONDS), "still held by " + HOLD);
    release(kubectl, "zone", name);
    assertTrue(waiting.waitFor(30, TimeUnit.SECONDS), "kubectl wait --for=delete returns");
    String out = new String(waiting.getInputStream().readAllBytes());
    assertEquals(0, waiting.exitValue(), out + new String(waiting.getErrorStream().readAllBytes()));
    assertEquals("zone.infra.kumo.dev/" + name + " condition met\n", out);
    assertGone(kubectl, "zone", "zones.infra.kumo.dev", name);
  }

  /** Creates an owner zone and two ConfigMap dependents, the second held by a finalizer. */
  private static String[] ownerWithDependents(Client kubectl, String base, boolean holdOne) {
    String owner = kubectl.name(base);
    kubectl.okWithStdin(zone(owner, false), "apply", "-f", "-");
    String uid = kubectl.jsonpath("{.metadata.uid}", "zone", owner);
    String free = owner + "-free";
    String held = owner + "-held";
    kubectl.okWithStdin(
        dependent(free, owner, uid, false) + "---\n" + dependent(held, owner, uid, holdOne),
        "apply",
        "-f",
        "-");
    return new String[] {owner, free, held};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void foregroundKeepsTheOwnerUntilItsDependentsAreGone(Client kubectl) {
    String[] names = ownerWithDependents(kubectl, "fg", true);
    String owner = names[0];
    assertLines(
        kubectl.ok("delete", "zone", owner, "--cascade=foreground", "--wait=false"),
        "zone.infra.kumo.dev \"" + owner + "\" deleted");
    awaitGone(kubectl, "configmap", "configmaps", names[1]);
    assertTrue(
        kubectl.jsonpath("{.metadata.deletionTimestamp}", "configmap", names[2]).matches("\\S+Z"),
        "the held dependent is being deleted");
    assertEquals(
        "[\"foregroundDeletion\"]",
        kubectl.jsonpath("{.metadata.finalizers}", "zone", owner),
        "the owner waits for its dependents");

    release(kubectl, "configmap", names[2]);
    awaitGone(kubectl, "configmap", "configmaps", names[2]);
    awaitGone(kubectl, "zone", "zones.infra.kumo.dev", owner);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void backgroundRemovesTheDependentsAfterTheOwner(Client kubectl) {
    String[] names = ownerWithDependents(kubectl, "bg", true);
    String owner = names[0];
    assertLines(
        kubectl.ok("delete", "zone", owner, "--cascade=background"),
        "zone.infra.kumo.dev \"" + owner + "\" deleted");
    assertGone(kubectl, "zone", "zones.infra.kumo.dev", owner);
    awaitGone(kubectl, "configmap", "configmaps", names[1]);
    assertTrue(
        kubectl.jsonpath("{.metadata.deletionTimestamp}", "configmap", names[2]).matches("\\S+Z"),
        "the garbage collector deletes the held dependent after its owner");
    release(kubectl, "configmap", names[2]);
    awaitGone(kubectl, "configmap", "configmaps", names[2]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void orphanKeepsTheDependentsWithoutOwnerReferences(Client kubectl) {
    String[] names = ownerWithDependents(kubectl, "orphan", false);
    String owner = names[0];
    assertLines(
        kubectl.ok("delete", "zone", owner, "--cascade=orphan"),
        "zone.infra.kumo.dev \"" + owner + "\" deleted");
    assertGone(kubectl, "zone", "zones.infra.kumo.dev", owner);
    for (String dependent : new String[] {names[1], names[2]}) {
      assertEquals(
          dependent + " " + owner + " ",
          kubectl.jsonpath(
              "{.metadata.name} {.data.owner} {.metadata.ownerReferences}",
              "configmap",
              dependent));
    }
    kubectl.ok("delete", "configmap", names[1], names[2]);
  }
}
