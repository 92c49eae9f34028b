package dev.kumo.apiserver.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * One kubectl of the conformance suite, with a short id to keep each version's objects apart (e.g.
 * {@code vm-k132} and {@code vm-k120}).
 *
 * @param id {@code k132} or {@code k120}
 * @param kubectl the kubectl it runs
 * @param modern whether it is kubectl 1.32 (which has flags 1.20 lacks, e.g. {@code --subresource})
 */
record Client(String id, Kubectl kubectl, boolean modern) {

  /** The same kubectl with one more environment variable. */
  Client withEnvironment(String variable, String value) {
    return new Client(id, kubectl.withEnvironment(variable, value), modern);
  }

  /** Runs kubectl. */
  Kubectl.Result run(String... args) {
    return kubectl.run(args);
  }

  /** Runs kubectl with standard input. */
  Kubectl.Result runWithStdin(String stdin, String... args) {
    return kubectl.runWithStdin(stdin, args);
  }

  /** Runs kubectl and asserts exit code 0. */
  Kubectl.Result ok(String... args) {
    return kubectl.run(args).assertSuccess();
  }

  /** Runs kubectl with standard input and asserts exit code 0. */
  Kubectl.Result okWithStdin(String stdin, String... args) {
    return kubectl.runWithStdin(stdin, args).assertSuccess();
  }

  /** Runs kubectl, asserts it fails with exit code 1 and returns the result. */
  Kubectl.Result fails(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertEquals(1, result.exitCode(), result.toString());
    return result;
  }

  /** {@code kubectl get ARGS -o jsonpath=TEMPLATE}'s output. */
  String jsonpath(String template, String... getArgs) {
    List<String> args = new ArrayList<>();
    args.add("get");
    args.addAll(List.of(getArgs));
    args.add("-o");
    args.add("jsonpath=" + template);
    return ok(args.toArray(String[]::new)).stdout();
  }

  /** A name made unique to this kubectl, e.g. {@code web-k132}. */
  String name(String base) {
    return base + "-" + id;
  }

  /** The non-empty lines of standard output. */
  static List<String> lines(Kubectl.Result result) {
    return result.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  /** Asserts that standard output consists of exactly these lines. */
  static void assertLines(Kubectl.Result result, String... expected) {
    assertEquals(List.of(expected), lines(result), result.toString());
  }

  /** Asserts that the text contains the fragment, showing the whole result otherwise. */
  static void assertContains(String text, String fragment, Kubectl.Result result) {
    assertTrue(text.contains(fragment), "expected \"" + fragment + "\" in " + result);
  }

  /** The table header's column names (the first line of output, split on runs of spaces). */
  static List<String> header(Kubectl.Result result) {
    return List.of(lines(result).get(0).trim().split("\\s{2,}"));
  }

  @Override
  public String toString() {
    return modern ? "kubectl 1.32" : "kubectl 1.20";
  }
}
