package dev.kumo.apiserver.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FieldPathTest {
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
  void rendersTheRootAsNil() {
    assertEquals("<nil>", FieldPath.root().toString());
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
