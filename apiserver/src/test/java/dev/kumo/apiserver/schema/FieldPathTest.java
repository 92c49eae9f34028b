package dev.kumo.apiserver.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FieldPath}: Kubernetes' {@code field.Path} rendering. */
class FieldPathTest {

  @Test
  void rootPrintsAsNil() {
    assertTrue(FieldPath.root().isRoot());
    assertEquals("<nil>", FieldPath.root().toString());
  }

  @Test
  void childrenAreDotted() {
    assertEquals("spec.cpuNum", FieldPath.root().child("spec").child("cpuNum").toString());
  }

  @Test
  void indexesAndKeysAreBracketed() {
    FieldPath spec = FieldPath.root().child("spec");
    assertEquals("spec.nics[0].ip", spec.child("nics").index(0).child("ip").toString());
    assertEquals("spec.labels[team]", spec.child("labels").key("team").toString());
  }

  @Test
  void anIndexRightBelowTheRootHasNoDot() {
    assertEquals("[2].name", FieldPath.root().index(2).child("name").toString());
  }

  @Test
  void joinsFieldsWithDots() {
    assertEquals("spec.ipRanges", FieldPath.root().child("spec").child("ipRanges").toString());
  }

  @Test
  void rendersIndexesAndMapKeysInBrackets() {
    assertEquals(
        "spec.ipRanges[0].labels[app.kubernetes.io/name]",
        FieldPath.root()
            .child("spec")
            .child("ipRanges")
            .index(0)
            .child("labels")
            .key("app.kubernetes.io/name")
            .toString());
  }

  @Test
  void startsFromAVerbatimPrefix() {
    assertEquals("spec.nics[1].ip", FieldPath.of("spec.nics[1]").child("ip").toString());
  }

  @Test
  void treatsAnEmptyPrefixAsTheRoot() {
    assertEquals(FieldPath.root(), FieldPath.of(""));
    assertEquals(FieldPath.root(), FieldPath.of(null));
  }
}
