package dev.kumo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void theSamplesAreValid() throws Exception {
    int code = run("validate", "--crds", "../crds", "-f", "../samples");
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).endsWith("27 valid, 0 invalid\n"),
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBrokenManifestIsReportedLikeKubectlWithItsFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("vm.yaml");
    Files.writeString(
        file,
        """
        apiVersion: infra.kumo.dev/v1alpha1
        kind: Zone
        metadata:
          name: zone-1
        ---
        apiVersion: compute.kumo.dev/v1alpha1
        kind: VmInstance
        metadata:
          name: vm-1
        spec:
          cpu: 0
          memory: 1Gi
          imageRef: img
          state: Runing
        """);
    int code = run("validate", "--crds", "../crds", "-f", file.toString());
    assertEquals(1, code);
    assertEquals(
        file
            + ":6: The VmInstance \"vm-1\" is invalid: \n"
            + "* spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1\n"
            + "* spec.state: Unsupported value: \"Runing\": supported values: \"Paused\", \"Running\", \"Stopped\"\n",
        err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("1 valid, 1 invalid\n"));
  }

  @Test
  void aMissingPathIsAnError() throws Exception {
    assertEquals(1, run("validate", "--crds", "../crds", "-f", "no-such-dir"));
    assertEquals(
        "error: the path \"no-such-dir\" does not exist\n", err.toString(StandardCharsets.UTF_8));
  }

  private int run(String... args) throws Exception {
    return Kumo.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
