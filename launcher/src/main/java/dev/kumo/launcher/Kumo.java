package dev.kumo.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** The {@code kumo} command. The ./kumo script builds the project and runs this class. */
public final class Kumo {

  private Kumo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command and returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      err.println("usage: kumo validate [--crds DIR] -f PATH [-f PATH ...]");
      err.println(
          "       kumo up [--data-dir DIR] [--etcd-endpoints URLS] [--bind-address IP] [--port N]");
      err.println("               [--simulate] [--hosts N] [--sim-failure-rate F]");
      return 64;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "validate" ->
          ValidateCommand.parse(rest, Path.of(System.getProperty("kumo.home", "."))).run(out, err);
      case "up" ->
          UpCommand.parse(rest, Path.of(System.getProperty("kumo.home", "."))).run(out, err);
      default -> {
        err.println("kumo: unknown command " + args[0]);
        yield 64;
      }
    };
  }
}
