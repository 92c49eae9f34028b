package dev.kumo.apiserver.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 7386 Appendix A, all examples (target | patch | result). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"a\":\"b\"}                 | {\"a\":\"c\"}            | {\"a\":\"c\"}",
        "{\"a\":\"b\"}                 | {\"b\":\"c\"}            | {\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"}                 | {\"a\":null}             | {}",
        "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}             | {\"b\":\"c\"}",
        "{\"a\":[\"b\"]}               | {\"a\":\"c\"}            | {\"a\":\"c\"}",
        "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}          | {\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}              | {\"a\":[1]}",
        "[\"a\",\"b\"]                 | [\"c\",\"d\"]            | [\"c\",\"d\"]",
        "{\"a\":\"b\"}                 | [\"c\"]                  | [\"c\"]",
        "{\"e\":null}                  | {\"a\":1}                | {\"e\":null,\"a\":1}",
        "[1,2]                         | {\"a\":\"b\",\"c\":null} | {\"a\":\"b\"}",
        "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"
      })
  void rfc7386AppendixA(String target, String patch, String result) {
    assertEquals(json(result), MergePatch.apply(json(target), json(patch)));
  }

  @Test
  void scalarOrNullPatchesAreRefusedAsTheLibraryDoes() {
    PatchException e =
        assertThrows(PatchException.class, () -> MergePatch.apply(json("{}"), json("null")));
    assertEquals(400, e.code());
    assertEquals("Invalid JSON Patch", e.getMessage());
    assertEquals(
        400,
        assertThrows(PatchException.class, () -> MergePatch.apply(json("{}"), json("5"))).code());
  }

  @Test
  void kubectlLabelPatchLeavesTheRestAndTheTargetUntouched() {
    JsonNode target =
        json("{\"metadata\":{\"name\":\"vm1\",\"labels\":{\"a\":\"1\"}},\"spec\":{\"cpu\":2}}");
    JsonNode out =
        MergePatch.apply(
            target, json("{\"metadata\":{\"labels\":{\"tier\":\"gold\",\"a\":null}}}"));
    assertEquals(
        json(
            "{\"metadata\":{\"name\":\"vm1\",\"labels\":{\"tier\":\"gold\"}},\"spec\":{\"cpu\":2}}"),
        out);
    assertEquals(
        json("{\"metadata\":{\"name\":\"vm1\",\"labels\":{\"a\":\"1\"}},\"spec\":{\"cpu\":2}}"),
        target);
  }
}
