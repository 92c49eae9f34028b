package dev.kumo.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates bearer tokens against a fixed list, like kube-apiserver's {@code
 * --token-auth-file}. Only SHA-256 digests of the tokens are kept, and a presented token is
 * compared with every digest in constant time, so neither the timing nor a heap dump reveals a
 * token.
 */
public final class StaticTokenAuthenticator implements Authenticator {
  private record Credential(byte[] digest, User user) {}

  private final List<Credential> credentials;

  /**
   * An authenticator for {@code tokens}. When a token appears more than once the last entry wins,
   * as in kube-apiserver.
   */
  public StaticTokenAuthenticator(List<TokenFile.Entry> tokens) {
    this.credentials =
        tokens.stream().map(entry -> new Credential(digest(entry.token()), entry.user())).toList();
  }

  @Override
  public Optional<User> authenticate(String authorizationHeaderValue) {
    Optional<String> token = Authenticator.bearerToken(authorizationHeaderValue);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = digest(token.get());
    User match = null;
    for (Credential credential : credentials) {
      // No early exit: the time taken does not depend on which entry, if any, matches.
      if (MessageDigest.isEqual(presented, credential.digest())) {
        match = credential.user();
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
