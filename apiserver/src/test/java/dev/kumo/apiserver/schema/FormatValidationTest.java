package dev.kumo.apiserver.schema;

import static dev.kumo.apiserver.schema.Fixtures.errors;
import static dev.kumo.apiserver.schema.Fixtures.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code format} keyword, checked as kube-openapi's strfmt registry does for CRDs. */
class FormatValidationTest {

  private static List<String> check(String format, String value) {
    StructuralSchema s =
        schema(
            """
            type: object
            properties:
              value: {type: string, format: %s}
            """
                .formatted(format));
    return errors(s, "value: '" + value + "'");
  }

  private static String failure(String format, String value) {
    String quoted = GoFormat.quote(value);
    return "value: Invalid value: "
        + quoted
        + ": value in body must be of type "
        + format
        + ": "
        + quoted;
  }

  @ParameterizedTest(name = "{0} accepts \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "ipv4|10.0.0.1",
        "ipv4|010.000.000.001",
        "ipv4|::ffff:10.0.0.1",
        "ipv6|fe80::1",
        "ipv6|::",
        "ipv6|::ffff:10.0.0.1",
        "ipv6|2001:db8:0:0:0:0:0:1",
        "cidr|10.0.0.0/24",
        "cidr|fd00::/64",
        "mac|52:54:00:ab:cd:ef",
        "mac|52-54-00-AB-CD-EF",
        "mac|5254.00ab.cdef",
        "date-time|2024-05-01T10:20:30Z",
        "date-time|2024-05-01t10:20:30.123+02:00",
        "datetime|2024-05-01T10:20:30Z",
        "date|2024-02-29",
        "uri|https://example.com/path?q=1",
        "uri|/relative/path",
        "uri|mailto:ops@example.com",
        "uri|http://[fe80::1]:8080/",
        "hostname|kumo-01.example.com",
        "hostname|localhost",
        "uuid|123e4567-e89b-12d3-a456-426614174000",
        "uuid|123E4567E89B12D3A456426614174000",
        "uuid4|123e4567-e89b-42d3-a456-426614174000",
        "byte|aGVsbG8=",
        "duration|1h30m",
        "duration|-1.5s",
        "duration|3 days",
        "bsonobjectid|507f1f77bcf86cd799439011",
        "hexcolor|#1a2B3c",
        "rgbcolor|rgb(255, 0, 10)",
        "password|anything at all",
      })
  void accepts(String format, String value) {
    assertEquals(List.of(), check(format, value));
  }

  @ParameterizedTest(name = "{0} rejects \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "ipv4|10.0.0.300",
        "ipv4|10.0.0",
        "ipv4|fe80::1",
        "ipv6|10.0.0.1",
        "ipv6|fe80::1%eth0",
        "ipv6|1::2::3",
        "ipv6|00001::1",
        "ipv6|::ffff:010.0.0.1",
        "cidr|10.0.0.0/33",
        "cidr|10.0.0.0",
        "mac|52:54:00:ab:cd",
        "mac|52:54-00:ab:cd:ef",
        "mac|52:54:00:ab:cd:eg",
        "date-time|2024-02-30T10:00:00Z",
        "date-time|2024-05-01 10:20:30Z",
        "date-time|2024-05-01T24:00:00Z",
        "date-time|2024-05-01T10:20:30",
        "date|2023-02-29",
        "date|2024-5-01",
        "uri|example.com/path",
        "uri|http://exa mple.com/",
        "uri|http://host:port/",
        "uri|/bad%zzescape",
        "hostname|-bad.example.com",
        "hostname|under_score.example.com",
        "uuid|123e4567-e89b-12d3-a456-42661417400",
        "uuid4|123e4567-e89b-12d3-a456-426614174000",
        "byte|aGVsbG8",
        "duration|soon",
        "duration|5 parsecs",
        "bsonobjectid|507f1f77bcf86cd79943901",
        "hexcolor|#12345",
        "rgbcolor|rgb(256, 0, 0)",
      })
  void rejects(String format, String value) {
    assertEquals(List.of(failure(format, value)), check(format, value));
  }

  @Test
  void emptyStringIsNoBase64() {
    assertEquals(List.of(failure("byte", "")), check("byte", ""));
  }

  @Test
  void hostnameLabelsAreAtMost63Bytes() {
    String label = "a".repeat(64);
    assertEquals(List.of(failure("hostname", label + ".com")), check("hostname", label + ".com"));
  }

  @Test
  void integerFormatsAreStrippedForCustomResources() {
    StructuralSchema s =
        schema(
            """
            type: object
            properties:
              count: {type: integer, format: int32}
            """);
    assertEquals(List.of(), errors(s, "count: 1099511627776"));
  }

  @Test
  void unknownFormatsAreIgnored() {
    assertEquals(List.of(), check("kumo-volume-id", "not checked"));
  }

  @Test
  void aFormattedStringFieldRejectsNumbersNamingTheFormat() {
    StructuralSchema s =
        schema(
            """
            type: object
            properties:
              at: {type: string, format: date-time}
            """);
    assertEquals(
        List.of("at: Invalid value: \"int64\": at in body must be of type date-time: \"int64\""),
        errors(s, "at: 5"));
  }

  @Test
  void aFormattedStringFieldLetsArraysThroughAsKubeApiserverDoes() {
    StructuralSchema s =
        schema(
            """
            type: object
            properties:
              at: {type: string, format: date-time}
            """);
    assertEquals(List.of(), errors(s, "at: [1, 2]"));
  }
}
