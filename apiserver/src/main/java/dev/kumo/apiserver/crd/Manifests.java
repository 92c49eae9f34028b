package dev.kumo.apiserver.crd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads Kubernetes manifests: YAML or JSON files holding one or more documents. */
public final class Manifests {

  /**
   * One document of a manifest file.
   *
   * @param file the file it came from
   * @param index its position in the file, from 0
   * @param line the line it starts on, from 1
   * @param object the document
   */
  public record Document(Path file, int index, int line, JsonNode object) {}

  private Manifests() {}

  /** Whether kubectl apply -f would read this file: .yaml, .yml or .json. */
  public static boolean isManifestFile(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  /** The manifest files under a path: the file itself, or a directory's files, recursively. */
  public static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Manifests::isManifestFile).sorted().toList();
    }
  }

  /** The non-empty documents of a file, in order. */
  public static List<Document> read(Path file) throws IOException {
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = CrdCatalog.yaml().getFactory().createParser(file.toFile());
        MappingIterator<JsonNode> it = CrdCatalog.yaml().readValues(parser, JsonNode.class)) {
      int index = 0;
      while (it.hasNextValue()) {
        int line = parser.currentLocation().getLineNr();
        JsonNode node = it.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
          documents.add(new Document(file, index, line, node));
        }
        index++;
      }
    }
    return documents;
  }
}
