package dev.kumo.apiserver.schema;

/**
 * Go's {@code url.ParseRequestURI}, which is what the {@code uri} format accepts: an absolute URI
 * or an absolute path, with well-formed %-escapes, host characters and port.
 */
final class RequestUriParser {

  private RequestUriParser() {}

  static boolean isValid(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return false;
      }
    }
    if (raw.isEmpty()) {
      return false;
    }
    if (raw.equals("*")) {
      return true;
    }
    String scheme = "";
    String rest = raw;
    int colon = schemeEnd(raw);
    if (colon == 0) {
      return false;
    }
    if (colon > 0) {
      scheme = raw.substring(0, colon);
      rest = raw.substring(colon + 1);
    }
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
    } else if (rest.indexOf('?') >= 0) {
      rest = rest.substring(0, rest.indexOf('?'));
    }
    if (!rest.startsWith("/")) {
      // a scheme with a rootless path is an opaque URI; without a scheme it is no request URI
      return !scheme.isEmpty();
    }
    if (!scheme.isEmpty() && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      } else {
        rest = "";
      }
      if (!isValidAuthority(authority)) {
        return false;
      }
    }
    return unescapes(rest, false);
  }

  /** Index of the ':' ending a scheme, 0 for a leading ':', -1 when there is no scheme. */
  private static int schemeEnd(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return -1;
        }
        continue;
      }
      return c == ':' ? i : -1;
    }
    return -1;
  }

  private static boolean isValidAuthority(String authority) {
    int at = authority.lastIndexOf('@');
    String host = at < 0 ? authority : authority.substring(at + 1);
    if (!isValidHost(host)) {
      return false;
    }
    if (at < 0) {
      return true;
    }
    String userinfo = authority.substring(0, at);
    for (int i = 0; i < userinfo.length(); i++) {
      char c = userinfo.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && "-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
        return false;
      }
    }
    return unescapes(userinfo, false);
  }

  private static boolean isValidHost(String host) {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0 || !isValidOptionalPort(host.substring(close + 1))) {
        return false;
      }
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && !isValidOptionalPort(host.substring(colon))) {
        return false;
      }
    }
    return unescapes(host, true);
  }

  private static boolean isValidOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code unescape} in path or host mode, reduced to whether it would fail. */
  private static boolean unescapes(String s, boolean host) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          return false;
        }
        if (host && Character.digit(s.charAt(i + 1), 16) < 8 && !s.startsWith("%25", i)) {
          return false;
        }
        i += 2;
      } else if (host && c < 0x80 && hostCharNeedsEscape(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean hostCharNeedsEscape(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return false;
    }
    return "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) < 0;
  }
}
