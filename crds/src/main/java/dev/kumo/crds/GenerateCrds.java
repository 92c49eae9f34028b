package dev.kumo.crds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kumo.api.KumoKinds;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates one CRD per Kumo kind and compares them with the committed files in crds/ ({@code
 * check}, run by every build) or overwrites those files ({@code write}).
 */
public final class GenerateCrds {

  private GenerateCrds() {}

  /**
   * Usage: {@code GenerateCrds check|write <crds-dir>}. In check mode a difference fails with the
   * names of the files that differ and how to regenerate them.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("check") || args[0].equals("write"))) {
      throw new IllegalArgumentException("usage: GenerateCrds check|write <crds-dir>");
    }
    Path committedDir = Path.of(args[1]);
    Map<String, String> generated = generate();
    if (args[0].equals("write")) {
      write(generated, committedDir);
      System.out.println("Wrote " + generated.size() + " CRDs to " + committedDir);
      return;
    }
    List<String> problems = compare(generated, committedDir);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "crds/ does not match what api/ generates:\n  "
              + String.join("\n  ", problems)
              + "\nRegenerate and commit them: mvn -pl crds -am process-classes -Dcrds.write");
    }
    System.out.println("crds/ matches api/ (" + generated.size() + " CRDs)");
  }

  /** The CRD YAML of every Kumo kind, by file name ({@code <plural>.<group>.yaml}). */
  public static Map<String, String> generate() throws IOException {
    Map<String, Class<? extends CustomResource<?, ?>>> kindsByCrdName = new LinkedHashMap<>();
    for (Class<? extends CustomResource<?, ?>> kind : KumoKinds.ALL) {
      kindsByCrdName.put(CustomResource.getCRDName(kind), kind);
    }
    ObjectMapper mapper = new ObjectMapper().setAnnotationIntrospector(new JavadocDescriptions());
    Path out = Files.createTempDirectory("kumo-crds");
    try {
      new CRDGenerator()
          .inOutputDir(out.toFile())
          .forCRDVersions("v1")
          .withObjectMapper(mapper, new KubernetesSerialization(mapper, false))
          .withPostProcessor(new KumoCrdPostProcessor(kindsByCrdName))
          .customResourceClasses(new ArrayList<>(KumoKinds.ALL))
          .generate();
      Map<String, String> result = new TreeMap<>();
      for (String crdName : kindsByCrdName.keySet()) {
        Path file = out.resolve(crdName + "-v1.yml");
        result.put(
            crdName + ".yaml", HEADER + YAML.writeValueAsString(YAML.readTree(file.toFile())));
      }
      return result;
    } finally {
      try (Stream<Path> files = Files.walk(out)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Readable, diff-friendly YAML: no folded lines, quotes only where needed. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private static final String HEADER =
      "# Generated from api/ by crds/ (GenerateCrds). Do not edit: change the Java model and run\n"
          + "#   mvn -pl crds -am process-classes -Dcrds.write\n";

  private static void write(Map<String, String> generated, Path dir) throws IOException {
    for (Path stale : existingCrds(dir)) {
      if (!generated.containsKey(stale.getFileName().toString())) {
        Files.delete(stale);
      }
    }
    for (Map.Entry<String, String> crd : generated.entrySet()) {
      Files.writeString(dir.resolve(crd.getKey()), crd.getValue());
    }
  }

  private static List<String> compare(Map<String, String> generated, Path dir) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> crd : generated.entrySet()) {
      Path file = dir.resolve(crd.getKey());
      if (!Files.exists(file)) {
        problems.add(crd.getKey() + ": missing");
      } else if (!Files.readString(file).equals(crd.getValue())) {
        problems.add(
            crd.getKey() + ": differs" + firstDifference(Files.readString(file), crd.getValue()));
      }
    }
    for (Path file : existingCrds(dir)) {
      if (!generated.containsKey(file.getFileName().toString())) {
        problems.add(file.getFileName() + ": no longer generated");
      }
    }
    return problems;
  }

  private static String firstDifference(String committed, String fresh) {
    String[] a = committed.split("\n", -1);
    String[] b = fresh.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String left = i < a.length ? a[i] : "<end of file>";
      String right = i < b.length ? b[i] : "<end of file>";
      if (!left.equals(right)) {
        return " at line "
            + (i + 1)
            + ":\n      committed: "
            + left.strip()
            + "\n      generated: "
            + right.strip();
      }
    }
    return "";
  }

  private static List<Path> existingCrds(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".kumo.dev.yaml")).toList();
    }
  }
}
