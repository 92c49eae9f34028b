package dev.kumo.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPriorityTest {
  @Test
  void ordersGaThenBetaThenAlphaThenOthers() {
    List<String> versions =
        new ArrayList<>(
            List.of(
                "v1alpha1",
                "foo1",
                "v2beta1",
                "v1",
                "v1beta2",
                "v11alpha2",
                "v2",
                "v10",
                "v1beta1",
                "abc"));
    versions.sort(VersionPriority.HIGHEST_FIRST);
    assertEquals(
        List.of(
            "v10",
            "v2",
            "v1",
            "v2beta1",
            "v1beta2",
            "v1beta1",
            "v11alpha2",
            "v1alpha1",
            "abc",
            "foo1"),
        versions);
  }
}
