package dev.kumo.apiserver.schema;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The string formats kube-apiserver checks in custom resources.
 *
 * <p>apiextensions-apiserver strips every format outside its supported list before validating (so
 * {@code int32}, {@code int64}, {@code float} and {@code double} constrain nothing), and go-openapi
 * looks names up with dashes removed ({@code date-time} is {@code datetime}).
 */
final class StringFormats {

  /** apiextensions-apiserver's supportedVersionedFormats, in normalized spelling. */
  private static final Set<String> SUPPORTED =
      Set.of(
          "bsonobjectid",
          "uri",
          "email",
          "hostname",
          "ipv4",
          "ipv6",
          "cidr",
          "mac",
          "uuid",
          "uuid3",
          "uuid4",
          "uuid5",
          "isbn",
          "isbn10",
          "isbn13",
          "creditcard",
          "ssn",
          "hexcolor",
          "rgbcolor",
          "byte",
          "password",
          "date",
          "duration",
          "datetime");

  /** Supported formats whose checker is not reproduced here; values are accepted unchecked. */
  static final Set<String> UNCHECKED =
      Set.of("email", "isbn", "isbn10", "isbn13", "creditcard", "ssn");

  private static final Re2Pattern HOSTNAME =
      Re2Pattern.compile(
          "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}]"
              + "(([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}"
              + "([a-zA-Z\\p{L}]){2,63})$");
  private static final Re2Pattern UUID =
      Re2Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Re2Pattern UUID3 =
      Re2Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Re2Pattern UUID4 =
      Re2Pattern.compile(
          "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
  private static final Re2Pattern UUID5 =
      Re2Pattern.compile(
          "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
  private static final Re2Pattern BASE64 =
      Re2Pattern.compile(
          "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$");
  private static final Re2Pattern HEX_COLOR =
      Re2Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
  private static final Re2Pattern RGB_COLOR =
      Re2Pattern.compile(
          "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])"
              + "\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
  private static final Re2Pattern DATE_TIME_CLOCK =
      Re2Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");

  private StringFormats() {}

  /** The format kube-apiserver validates against: the declared one if supported, else "". */
  static String effective(String format) {
    if (format == null || format.isEmpty()) {
      return "";
    }
    return SUPPORTED.contains(normalize(format)) ? format : "";
  }

  /** Whether {@code value} is valid for a format that {@link #effective} kept. */
  static boolean validates(String format, String value) {
    return switch (normalize(format)) {
      case "uri" -> RequestUriParser.isValid(value);
      case "hostname" -> isHostname(value);
      case "ipv4" -> IpAddressParser.SLOPPY.parseIp(value) != null && value.contains(".");
      case "ipv6" -> IpAddressParser.STRICT.parseIp(value) != null && value.contains(":");
      case "cidr" -> IpAddressParser.SLOPPY.isCidr(value);
      case "mac" -> isMac(value);
      case "uuid" -> UUID.matches(value);
      case "uuid3" -> UUID3.matches(value);
      case "uuid4" -> UUID4.matches(value);
      case "uuid5" -> UUID5.matches(value);
      case "byte" -> BASE64.matches(value);
      case "hexcolor" -> HEX_COLOR.matches(value);
      case "rgbcolor" -> RGB_COLOR.matches(value);
      case "bsonobjectid" -> value.length() == 24 && value.chars().allMatch(StringFormats::isHex);
      case "date" -> isDate(value);
      case "datetime" -> isDateTime(value);
      case "duration" -> DurationParser.isValid(value);
      default -> true;
    };
  }

  private static String normalize(String format) {
    return format.replace("-", "");
  }

  private static boolean isHostname(String s) {
    if (!HOSTNAME.matches(s) || utf8Length(s) > 255) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (utf8Length(label) > 63) {
        return false;
      }
    }
    return true;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Go's {@code net.ParseMAC}: 6, 8 or 20 octets as xx:xx, xx-xx or xxxx.xxxx groups. */
  private static boolean isMac(String s) {
    if (s.length() < 14 || !s.chars().allMatch(c -> c < 0x80)) {
      return false;
    }
    char separator;
    int groupLength;
    if (s.charAt(2) == ':' || s.charAt(2) == '-') {
      separator = s.charAt(2);
      groupLength = 2;
    } else if (s.charAt(4) == '.') {
      separator = '.';
      groupLength = 4;
    } else {
      return false;
    }
    int stride = groupLength + 1;
    if ((s.length() + 1) % stride != 0) {
      return false;
    }
    int octets = (s.length() + 1) / stride * groupLength / 2;
    if (octets != 6 && octets != 8 && octets != 20) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      boolean separatorPosition = i % stride == groupLength;
      if (separatorPosition ? s.charAt(i) != separator : !isHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code time.Parse("2006-01-02", s)}: exact shape, real month, real day of that month. */
  static boolean isDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return false;
    }
    for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    int year = Integer.parseInt(s.substring(0, 4));
    int month = Integer.parseInt(s.substring(5, 7));
    int day = Integer.parseInt(s.substring(8, 10));
    if (month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
  }

  /**
   * go-openapi's {@code IsDateTime}: lower-cased, split at every 't', a date before the first and a
   * clock with zone after it. Text after a second 't' is ignored, as upstream does.
   */
  private static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    var m = DATE_TIME_CLOCK.matcher(parts[1]);
    if (!m.find()) {
      return false;
    }
    return m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }
}
