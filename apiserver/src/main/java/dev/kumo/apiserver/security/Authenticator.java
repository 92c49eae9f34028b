package dev.kumo.apiserver.security;

import java.util.Optional;

/**
 * Authenticates a request from its {@code Authorization} header. Implementations are thread-safe.
 * Kumo has one today, {@link StaticTokenAuthenticator}; other sources (service account tokens,
 * client certificates, per-tenant token files) can be added behind this interface.
 */
public interface Authenticator {
  /**
   * The user the header value identifies, or empty if it is absent, malformed or not recognised.
   *
   * @param authorizationHeaderValue the value of the {@code Authorization} header, or {@code null}
   *     if the request has none
   */
  Optional<User> authenticate(String authorizationHeaderValue);

  /**
   * The token of a bearer {@code Authorization} header value, parsed as kube-apiserver does: the
   * value is trimmed and split at single spaces; the first part must be {@code bearer} in any case,
   * the second part is the token and must not be empty, and further parts are ignored.
   *
   * @param authorizationHeaderValue the header value, or {@code null}
   * @return the token, or empty if the value is not a bearer credential
   */
  static Optional<String> bearerToken(String authorizationHeaderValue) {
    if (authorizationHeaderValue == null) {
      return Optional.empty();
    }
    String[] parts = authorizationHeaderValue.strip().split(" ", 3);
    if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parts[1]);
  }
}
