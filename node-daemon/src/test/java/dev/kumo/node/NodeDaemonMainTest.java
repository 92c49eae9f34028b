package dev.kumo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDaemonMainTest {
  private static final List<String> REQUIRED =
      List.of(
          "--kubeconfig", "/tmp/kubeconfig",
          "--host", "node-1",
          "--cluster", "c1",
          "--management-ip", "10.0.0.1");

  private static List<String> with(String... extra) {
    List<String> args = new java.util.ArrayList<>(REQUIRED);
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void parsesTheOptions() {
    Map<String, String> options =
        NodeDaemonMain.parse(
            with("--hosts", "20", "--sim-failure-rate", "0.1", "--sim-latency-ms", "5"));
    assertEquals("20", options.get("--hosts"));
    assertEquals("0.1", options.get("--sim-failure-rate"));
    assertEquals("node-1", options.get("--host"));
  }

  @Test
  void rejectsBadArguments() {
    assertEquals(
        "missing --cluster",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    NodeDaemonMain.parse(
                        List.of("--kubeconfig", "k", "--host", "h", "--management-ip", "1.2.3.4")))
            .getMessage());
    assertEquals(
        "unknown option --bogus",
        assertThrows(
                IllegalArgumentException.class, () -> NodeDaemonMain.parse(with("--bogus", "1")))
            .getMessage());
    assertEquals(
        "unknown driver libvirt (this build has only the simulator driver)",
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeDaemonMain.parse(with("--driver", "libvirt")))
            .getMessage());
    assertEquals(
        "--sim-failure-rate must be in [0, 1], got 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeDaemonMain.parse(with("--sim-failure-rate", "2")))
            .getMessage());
    assertEquals(
        "--hosts needs a whole number, got many",
        assertThrows(
                IllegalArgumentException.class, () -> NodeDaemonMain.parse(with("--hosts", "many")))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeDaemonMain.parse(with("--hosts")));
  }
}
