package dev.kumo.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  private static final JsonNode VM =
      json(
          """
      {"metadata":{"name":"vm1","labels":{"app.kubernetes.io/name":"web"}},
       "spec":{"cpu":2,"disks":[{"name":"root","size":10},{"name":"data","size":100}]},
       "status":{"conditions":[
         {"type":"Scheduled","status":"True"},
         {"type":"Ready","status":"False","reason":"Booting"}]}}
      """);

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String find(String path) {
    return new ObjectMapper().createArrayNode().addAll(JsonPath.parse(path).find(VM)).toString();
  }

  @Test
  void selectsFieldsIndexesAndSlices() {
    assertEquals("[2]", find(".spec.cpu"));
    assertEquals("[2]", find("{.spec.cpu}"));
    assertEquals("[\"data\"]", find(".spec.disks[1].name"));
    assertEquals("[\"data\"]", find(".spec.disks[-1].name"));
    assertEquals("[\"root\",\"data\"]", find(".spec.disks[*].name"));
    assertEquals("[\"root\"]", find(".spec.disks[0:1].name"));
    assertEquals("[\"web\"]", find(".metadata.labels['app.kubernetes.io/name']"));
    assertEquals("[]", find(".status.missing.deeper"));
    assertEquals("[]", find(".spec.disks[5]"));
  }

  @Test
  void filtersLikeKubectl() {
    assertEquals("[\"False\"]", find(".status.conditions[?(@.type==\"Ready\")].status"));
    assertEquals("[\"Booting\"]", find(".status.conditions[?(@.type=='Ready')].reason"));
    assertEquals("[\"True\"]", find(".status.conditions[?(@.type!=\"Ready\")].status"));
    assertEquals("[\"data\"]", find(".spec.disks[?(@.size>10)].name"));
    assertEquals("[\"root\"]", find(".spec.disks[?(@.size<=10)].name"));
    assertEquals("[\"Ready\"]", find(".status.conditions[?(@.reason)].type"));
    assertEquals("[]", find(".status.conditions[?(@.type==\"Nope\")].status"));
  }

  @Test
  void recursiveDescentFindsEveryMatch() {
    assertEquals(
        List.of("vm1", "root", "data"),
        JsonPath.parse("..name").find(VM).stream().map(JsonNode::asText).toList());
  }

  @Test
  void rejectsBrokenPaths() {
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".spec.disks[abc]"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".spec.disks[0"));
  }
}
