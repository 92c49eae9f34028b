package dev.kumo.apiserver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final User ADMIN = new User("kumo-admin", "u1", List.of("system:masters"));
  private static final User TENANT = new User("tenant-a", "u2", List.of("tenants"));
  private static final Authenticator AUTHENTICATOR =
      new StaticTokenAuthenticator(
          List.of(
              new TokenFile.Entry("admin-token", ADMIN),
              new TokenFile.Entry("tenant-token", TENANT)));

  private static Optional<User> authenticate(String header) {
    return AUTHENTICATOR.authenticate(header);
  }

  @Test
  void acceptsKnownBearerTokens() {
    assertEquals(Optional.of(ADMIN), authenticate("Bearer admin-token"));
    assertEquals(Optional.of(TENANT), authenticate("Bearer tenant-token"));
  }

  @Test
  void parsesTheHeaderAsKubeApiserverDoes() {
    assertEquals(Optional.of(ADMIN), authenticate("bearer admin-token"), "scheme in any case");
    assertEquals(Optional.of(ADMIN), authenticate("BEARER admin-token"));
    assertEquals(Optional.of(ADMIN), authenticate("  Bearer admin-token \t"), "trimmed");
    assertEquals(Optional.of(ADMIN), authenticate("Bearer admin-token extra"), "extra ignored");
    assertEquals(Optional.empty(), authenticate("Bearer  admin-token"), "two spaces: empty token");
    assertEquals(Optional.empty(), authenticate("Bearer\tadmin-token"), "only a space separates");
    assertEquals(Optional.empty(), authenticate("Basic YWRtaW46YWRtaW4="));
    assertEquals(Optional.empty(), authenticate("admin-token"));
    assertEquals(Optional.empty(), authenticate("Bearer"));
    assertEquals(Optional.empty(), authenticate("Bearer "));
    assertEquals(Optional.empty(), authenticate(""));
    assertEquals(Optional.empty(), authenticate(null));
  }

  @Test
  void rejectsUnknownTokens() {
    assertEquals(Optional.empty(), authenticate("Bearer admin-toke"), "a prefix");
    assertEquals(Optional.empty(), authenticate("Bearer admin-token2"), "an extension");
    assertEquals(Optional.empty(), authenticate("Bearer ADMIN-TOKEN"), "tokens are case-sensitive");
    assertEquals(
        Optional.empty(), new StaticTokenAuthenticator(List.of()).authenticate("Bearer x"));
  }

  @Test
  void bearerTokenExtractsTheToken() {
    assertEquals(Optional.of("abc"), Authenticator.bearerToken("Bearer abc"));
    assertEquals(Optional.empty(), Authenticator.bearerToken("Token abc"));
  }
}
