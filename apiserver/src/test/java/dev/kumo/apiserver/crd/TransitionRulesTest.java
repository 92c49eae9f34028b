package dev.kumo.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.apiserver.cel.CelValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fields fixed at creation reject updates; everything else may change. */
class TransitionRulesTest {
  private static ResourceValidator validator;
  private static ObjectNode vm;

  @BeforeAll
  static void load() throws IOException {
    validator = new ResourceValidator(CrdCatalog.load(SamplesTest.CRDS), new CelValidator());
    vm =
        (ObjectNode)
            Manifests.read(Path.of("..", "samples", "quickstart", "08-vm.yaml")).get(0).object();
  }

  @Test
  void changingTheImageOfAVmIsRejected() {
    ObjectNode changed = vm.deepCopy();
    ((ObjectNode) changed.get("spec")).put("imageRef", "another-image");
    Verdict.Rejected rejected =
        assertInstanceOf(Verdict.Rejected.class, validator.validateUpdate(changed, vm));
    assertEquals(
        List.of("spec.imageRef: Invalid value: \"string\": imageRef is immutable"),
        rejected.causes());
  }

  @Test
  void changingTheCreationStrategyIsRejectedEvenWhenItWasDefaulted() {
    ObjectNode changed = vm.deepCopy();
    ((ObjectNode) changed.get("spec")).put("creationStrategy", "JustCreate");
    Verdict.Rejected rejected =
        assertInstanceOf(Verdict.Rejected.class, validator.validateUpdate(changed, vm));
    assertEquals(
        List.of("spec.creationStrategy: Invalid value: \"string\": creationStrategy is immutable"),
        rejected.causes());
  }

  @Test
  void stoppingAVmIsAnOrdinaryUpdate() {
    ObjectNode changed = vm.deepCopy();
    ((ObjectNode) changed.get("spec")).put("state", "Stopped");
    Verdict.Accepted accepted =
        assertInstanceOf(Verdict.Accepted.class, validator.validateUpdate(changed, vm));
    assertEquals("Stopped", accepted.object().at("/spec/state").asText());
  }

  @Test
  void defaultsAreFilledInOnCreate() {
    Verdict.Accepted accepted =
        assertInstanceOf(Verdict.Accepted.class, validator.validateCreate(vm));
    assertEquals("Running", accepted.object().at("/spec/state").asText());
    assertEquals("InstantStart", accepted.object().at("/spec/creationStrategy").asText());
    assertEquals("None", accepted.object().at("/spec/haLevel").asText());
  }
}
