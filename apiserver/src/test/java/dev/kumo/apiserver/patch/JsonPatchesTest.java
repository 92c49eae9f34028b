package dev.kumo.apiserver.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * RFC 6902 Appendix A: the examples that succeed (A.1-A.7, A.10, A.11, A.16). A.14 ({@code /~01})
   * is left out: zjsonpatch 7.5.2 unescapes {@code ~0} before {@code ~1} and reads {@code /}.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'foo':'bar'} | [{'op':'add','path':'/baz','value':'qux'}] | {'baz':'qux','foo':'bar'}",
        "{'foo':['bar','baz']} | [{'op':'add','path':'/foo/1','value':'qux'}] | {'foo':['bar','qux','baz']}",
        "{'baz':'qux','foo':'bar'} | [{'op':'remove','path':'/baz'}] | {'foo':'bar'}",
        "{'foo':['bar','qux','baz']} | [{'op':'remove','path':'/foo/1'}] | {'foo':['bar','baz']}",
        "{'baz':'qux','foo':'bar'} | [{'op':'replace','path':'/baz','value':'boo'}] | {'baz':'boo','foo':'bar'}",
        "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}} | [{'op':'move','from':'/foo/waldo','path':'/qux/thud'}] | {'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}",
        "{'foo':['all','grass','cows','eat']} | [{'op':'move','from':'/foo/1','path':'/foo/3'}] | {'foo':['all','cows','eat','grass']}",
        "{'foo':'bar'} | [{'op':'add','path':'/child','value':{'grandchild':{}}}] | {'foo':'bar','child':{'grandchild':{}}}",
        "{'foo':'bar'} | [{'op':'add','path':'/baz','value':'qux','xyz':123}] | {'foo':'bar','baz':'qux'}",
        "{'foo':['bar']} | [{'op':'add','path':'/foo/-','value':['abc','def']}] | {'foo':['bar',['abc','def']]}",
        "{'baz':'qux','foo':['a',2,'c']} | [{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}] | {'baz':'qux','foo':['a',2,'c']}"
      })
  void rfc6902AppendixA(String target, String patch, String result) {
    assertEquals(json(result), JsonPatches.apply(json(target), json(patch)));
  }

  /** RFC 6902 A.9: a failed test; A.12: adding to a nonexistent target. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'baz':'qux'} | [{'op':'test','path':'/baz','value':'bar'}] | testing value /baz failed: test failed",
        "{'foo':'bar'} | [{'op':'add','path':'/baz/bat','value':'qux'}] | add operation does not apply: doc is missing path: \"/baz/bat\": missing value"
      })
  void rfc6902AppendixAFailuresAre422WithTheLibraryMessage(
      String target, String patch, String detail) {
    PatchException e =
        assertThrows(PatchException.class, () -> JsonPatches.apply(json(target), json(patch)));
    assertEquals(422, e.code());
    assertEquals("Invalid", e.reason());
    assertEquals("the server rejected our request due to an error in our request", e.getMessage());
    assertEquals(detail, e.detail());
  }

  @Test
  void removeReplaceAndTestOnMissingMembersFailAsInKube() {
    JsonNode vm = json("{'metadata':{'name':'vm1','resourceVersion':'7'},'spec':{'cpu':2}}");
    assertEquals(
        "error in remove for path: '/metadata/finalizers': Unable to remove nonexistent key:"
            + " finalizers: missing value",
        detail(vm, "[{'op':'remove','path':'/metadata/finalizers'}]"));
    assertEquals(
        "replace operation does not apply: doc is missing key: /spec/memory: missing value",
        detail(vm, "[{'op':'replace','path':'/spec/memory','value':'1Gi'}]"));
    assertEquals(
        "replace operation does not apply: doc is missing path: /status/state: missing value",
        detail(vm, "[{'op':'replace','path':'/status/state','value':'Running'}]"));
    assertEquals(
        "testing value /metadata/resourceVersion failed: test failed",
        detail(vm, "[{'op':'test','path':'/metadata/resourceVersion','value':'6'}]"));
    assertEquals(
        "Unexpected kind: merge", detail(vm, "[{'op':'merge','path':'/spec','value':{}}]"));
  }

  @Test
  void josdkFinalizerRemovalWithResourceVersion() {
    JsonNode vm =
        json("{'metadata':{'name':'vm1','resourceVersion':'119','finalizers':['x']},'spec':{}}");
    JsonNode out =
        JsonPatches.apply(
            vm,
            json(
                "[{'op':'remove','path':'/metadata/finalizers'},"
                    + "{'op':'add','path':'/metadata/resourceVersion','value':'120'}]"));
    assertEquals(json("{'metadata':{'name':'vm1','resourceVersion':'120'},'spec':{}}"), out);
  }

  @Test
  void notAListIsABadRequestAndTooManyOperationsAre413() {
    PatchException bad =
        assertThrows(
            PatchException.class, () -> JsonPatches.apply(json("{}"), json("{'op':'add'}")));
    assertEquals(400, bad.code());
    assertEquals(
        "json: cannot unmarshal object into Go value of type jsonpatch.Patch", bad.getMessage());
    assertNull(bad.detail());

    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i <= JsonPatches.MAX_OPERATIONS; i++) {
      ops.addObject().put("op", "test").put("path", "/a").put("value", 1);
    }
    PatchException tooMany =
        assertThrows(PatchException.class, () -> JsonPatches.apply(json("{'a':1}"), ops));
    assertEquals(413, tooMany.code());
    assertEquals(
        "The allowed maximum operations in a JSON patch is 10000, got 10001", tooMany.getMessage());
    ops.remove(0);
    assertEquals(json("{'a':1}"), JsonPatches.apply(json("{'a':1}"), ops));
  }

  @Test
  void failuresRenderAsKubeStatus() {
    PatchException e =
        assertThrows(
            PatchException.class,
            () -> JsonPatches.apply(json("{}"), json("[{'op':'remove','path':'/a'}]")));
    assertEquals(
        json(
            "{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
                + "'message':'the server rejected our request due to an error in our request',"
                + "'reason':'Invalid','details':{'causes':[{'message':"
                + "'error in remove for path: \\u0027/a\\u0027: Unable to remove nonexistent key: a: missing value'}]},"
                + "'code':422}"),
        e.toApiException().status());
  }

  private static String detail(JsonNode target, String patch) {
    return assertThrows(PatchException.class, () -> JsonPatches.apply(target, json(patch)))
        .detail();
  }
}
