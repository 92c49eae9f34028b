package dev.kumo.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableFormatTest {
  @Test
  void negotiatesTheTableKubectlAsksFor() {
    String kubectl =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    TableFormat format = TableFormat.negotiate(kubectl).orElseThrow();
    assertEquals("meta.k8s.io/v1", format.apiVersion());
    assertEquals("application/json;as=Table;v=v1;g=meta.k8s.io", format.contentType());
    assertEquals(
        "meta.k8s.io/v1beta1",
        TableFormat.negotiate("application/json;as=Table;v=v1beta1;g=meta.k8s.io")
            .orElseThrow()
            .apiVersion());
    assertTrue(TableFormat.negotiate("application/json").isEmpty());
    assertTrue(TableFormat.negotiate("application/json, */*").isEmpty());
    assertTrue(TableFormat.negotiate(null).isEmpty());
  }

  @Test
  void parsesIncludeObject() {
    assertEquals(IncludeObject.METADATA, IncludeObject.parse(null));
    assertEquals(IncludeObject.NONE, IncludeObject.parse("None"));
    assertEquals(IncludeObject.OBJECT, IncludeObject.parse("Object"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IncludeObject.parse("All"));
    assertEquals("unrecognized includeObject value: \"All\"", e.getMessage());
  }
}
