package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GoFormat}: Go's %v, %q and json.Marshal renderings. */
class GoFormatTest {

  @ParameterizedTest(name = "%v of {0} is {1}")
  @CsvSource({
    "1.5, 1.5",
    "1.0, 1",
    "-2.5, -2.5",
    "100000.0, 100000",
    "123456.0, 123456",
    "1000000.0, 1e+06",
    "1234567.0, 1.234567e+06",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "0.1, 0.1",
    "1e21, 1e+21",
    "1e100, 1e+100",
  })
  void floatsPrintLikePercentV(double value, String expected) {
    assertEquals(expected, GoFormat.formatFloat(value));
  }

  @ParameterizedTest(name = "json of {0} is {1}")
  @CsvSource({
    "1.5, 1.5",
    "1000000.0, 1000000",
    "1e20, 100000000000000000000",
    "1e21, 1e+21",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
  })
  void floatsEncodeLikeJson(double value, String expected) {
    assertEquals(expected, GoFormat.jsonFloat(value));
  }

  @Test
  void quoteEscapesLikeStrconv() {
    assertEquals("\"a\\\"b\\\\c\\n\\t\"", GoFormat.quote("a\"b\\c\n\t"));
    assertEquals("\"\\x01\\x7f\"", GoFormat.quote("\u0001\u007f"));
    assertEquals("\"\\u00a0\"", GoFormat.quote("\u00a0"));
    assertEquals("\"h\u00e9llo \uD83D\uDE80\"", GoFormat.quote("h\u00e9llo \uD83D\uDE80"));
  }

  @Test
  void jsonSortsKeysAndEscapesHtml() {
    assertEquals(
        "{\"a\":[1,2.5,null,true],\"b\":\"\\u003cx\\u003e \\u0026\"}",
        GoFormat.json(yaml("{b: '<x> &', a: [1, 2.5, null, true]}")));
  }

  @Test
  void bigIntegersAreFloats() {
    assertEquals("1e+20", GoFormat.value(yaml("100000000000000000000")));
    assertEquals("9223372036854775807", GoFormat.value(yaml("9223372036854775807")));
  }
}
