package dev.kumo.launcher;

import dev.kumo.apiserver.cel.CelValidator;
import dev.kumo.apiserver.crd.CrdCatalog;
import dev.kumo.apiserver.crd.Manifests;
import dev.kumo.apiserver.crd.ResourceValidator;
import dev.kumo.apiserver.crd.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kumo validate -f PATH}: checks manifests against Kumo's CRDs offline, answering for each
 * object what {@code kubectl apply} against a Kumo API server would print.
 */
final class ValidateCommand {
  private final Path crds;
  private final List<Path> paths;

  ValidateCommand(Path crds, List<Path> paths) {
    this.crds = crds;
    this.paths = List.copyOf(paths);
  }

  /** Reads {@code [--crds DIR] -f PATH [-f PATH ...]}; the CRDs default to crds/ under home. */
  static ValidateCommand parse(String[] args, Path home) {
    Path crds = home.resolve("crds");
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("-f") || arg.equals("--filename") || arg.equals("--crds"))
          && i + 1 < args.length) {
        Path value = Path.of(args[++i]);
        if (arg.equals("--crds")) {
          crds = value;
        } else {
          paths.add(value);
        }
      } else {
        throw new IllegalArgumentException(
            "usage: kumo validate [--crds DIR] -f PATH [-f PATH ...]; got " + arg);
      }
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("usage: kumo validate [--crds DIR] -f PATH [-f PATH ...]");
    }
    return new ValidateCommand(crds, paths);
  }

  /** Prints one line per object (and the causes of rejections); 0 when all are valid, else 1. */
  int run(PrintStream out, PrintStream err) throws IOException {
    ResourceValidator validator = new ResourceValidator(CrdCatalog.load(crds), new CelValidator());
    int valid = 0;
    int invalid = 0;
    for (Path path : paths) {
      if (!Files.exists(path)) {
        err.println("error: the path \"" + path + "\" does not exist");
        return 1;
      }
      for (Path file : Manifests.files(path)) {
        for (Manifests.Document document : Manifests.read(file)) {
          String kind = document.object().path("kind").asText();
          String name = document.object().path("metadata").path("name").asText();
          Verdict verdict = validator.validateCreate(document.object());
          if (verdict instanceof Verdict.Rejected rejected) {
            invalid++;
            err.println(describe(file, document, kind, name, rejected));
          } else {
            valid++;
            out.println(file + ":" + document.line() + ": " + kind + " \"" + name + "\" is valid");
          }
        }
      }
    }
    out.println(valid + " valid, " + invalid + " invalid");
    return invalid == 0 ? 0 : 1;
  }

  /** The rejection worded as kubectl words the API server's answer. */
  private static String describe(
      Path file, Manifests.Document document, String kind, String name, Verdict.Rejected rejected) {
    String where = file + ":" + document.line() + ": ";
    return switch (rejected.code()) {
      case 422 ->
          where
              + "The "
              + kind
              + " \""
              + name
              + "\" is invalid: "
              + (rejected.causes().size() == 1
                  ? rejected.causes().get(0)
                  : "\n* " + String.join("\n* ", rejected.causes()));
      case 404 ->
          where
              + "error: resource mapping not found for name: \""
              + name
              + "\": "
              + rejected.message()
              + "\nensure CRDs are installed first";
      default ->
          where
              + "Error from server ("
              + rejected.reason()
              + "): error when creating \""
              + file
              + "\": "
              + rejected.message();
    };
  }
}
