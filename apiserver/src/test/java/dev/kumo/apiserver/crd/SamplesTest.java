package dev.kumo.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kumo.apiserver.cel.CelValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every document under samples/ is accepted by the generated CRDs, as kubectl apply would be. */
class SamplesTest {
  static final Path CRDS = Path.of("..", "crds");
  static final Path SAMPLES = Path.of("..", "samples");

  private static ResourceValidator validator;

  @BeforeAll
  static void loadCrds() throws IOException {
    validator = new ResourceValidator(CrdCatalog.load(CRDS), new CelValidator());
  }

  static Stream<Manifests.Document> samples() throws IOException {
    List<Manifests.Document> documents = new ArrayList<>();
    for (Path file : Manifests.files(SAMPLES)) {
      documents.addAll(Manifests.read(file));
    }
    assertFalse(documents.isEmpty(), "no samples found under " + SAMPLES.toAbsolutePath());
    return documents.stream();
  }

  @Test
  void everyCrdIsStructuralAndItsRulesCompile() throws IOException {
    CrdCatalog catalog = CrdCatalog.load(CRDS);
    assertEquals(17, catalog.kinds().size());
    CelValidator cel = new CelValidator();
    for (ServedKind kind : catalog.kinds()) {
      cel.compiledSchema(kind.openApiV3Schema());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAccepted(Manifests.Document sample) {
    Verdict verdict = validator.validateCreate(sample.object());
    if (verdict instanceof Verdict.Rejected rejected) {
      assertEquals("accepted", rejected.message(), sample.file() + " document " + sample.index());
    }
    assertInstanceOf(Verdict.Accepted.class, verdict);
  }
}
