package dev.kumo.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kumo.apiserver.cel.CelValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately broken specs under src/test/resources/invalid are rejected with the status and the
 * per-field messages their comments expect ({@code # status:} and {@code # expect:} lines above
 * each document).
 */
class BrokenSpecsTest {
  private static final Path INVALID = Path.of("src", "test", "resources", "invalid");

  private static ResourceValidator validator;

  /** A broken document with what the API server must answer. */
  record Case(String name, Manifests.Document document, int status, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void loadCrds() throws IOException {
    validator = new ResourceValidator(CrdCatalog.load(SamplesTest.CRDS), new CelValidator());
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (Path file : Manifests.files(INVALID)) {
      String[] sections = Files.readString(file).split("(?m)^---\\s*$");
      List<Manifests.Document> documents = Manifests.read(file);
      assertEquals(
          sections.length, documents.size(), file + ": one expectation block per document");
      for (int i = 0; i < documents.size(); i++) {
        int status = 422;
        List<String> expected = new ArrayList<>();
        for (String line : sections[i].split("\n")) {
          if (line.startsWith("# status: ")) {
            status = Integer.parseInt(line.substring("# status: ".length()).trim());
          } else if (line.startsWith("# expect: ")) {
            expected.add(line.substring("# expect: ".length()));
          }
        }
        assertFalse(expected.isEmpty(), file + " document " + i + " has no '# expect:' line");
        cases.add(new Case(file.getFileName() + "#" + i, documents.get(i), status, expected));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithTheFieldPaths(Case c) {
    Verdict verdict = validator.validateCreate(c.document().object());
    Verdict.Rejected rejected =
        assertInstanceOf(Verdict.Rejected.class, verdict, c.name() + " was accepted");
    assertEquals(c.status(), rejected.code(), rejected.message());
    List<String> actual =
        rejected.causes().isEmpty() ? List.of(rejected.message()) : rejected.causes();
    assertEquals(c.expected(), actual);
  }
}
