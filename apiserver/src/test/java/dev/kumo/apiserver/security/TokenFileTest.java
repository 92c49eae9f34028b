package dev.kumo.apiserver.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path tmp;

  @Test
  void ensureCreatesOneAdminTokenWithMode0600() throws IOException {
    Path dir = tmp.resolve("secrets");
    TokenFile tokens = TokenFile.ensure(dir);

    Path file = dir.resolve("tokens.csv");
    assertEquals(file, tokens.file());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

    assertEquals(1, tokens.entries().size());
    TokenFile.Entry admin = tokens.entries().get(0);
    assertEquals("kumo-admin", admin.user().name());
    assertEquals(List.of("system:masters"), admin.user().groups());
    assertFalse(admin.user().uid().isEmpty());
    assertTrue(admin.token().matches("[A-Za-z0-9_-]{43}"), "32 bytes base64url: " + admin.token());
    assertEquals(Optional.of(admin.token()), tokens.adminToken());
    assertEquals(
        admin.token() + ",kumo-admin," + admin.user().uid() + ",system:masters\n",
        Files.readString(file));
    assertFalse(admin.toString().contains(admin.token()), "toString hides the token");
  }

  @Test
  void ensureKeepsAnExistingFile() throws IOException {
    TokenFile first = TokenFile.ensure(tmp);
    byte[] bytes = Files.readAllBytes(first.file());
    TokenFile second = TokenFile.ensure(tmp);
    assertArrayEquals(bytes, Files.readAllBytes(second.file()));
    assertEquals(first.adminToken(), second.adminToken());
    assertTrue(
        TokenFile.newToken().length() == 43 && !TokenFile.newToken().equals(TokenFile.newToken()));
  }

  @Test
  void readsKubeStaticTokenFiles() throws IOException {
    Path file = tmp.resolve("tokens.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "t-alice,alice,uid-1,\"tenant-a,viewers\"",
            "",
            "t-bob,bob,uid-2",
            ",nobody,uid-3",
            "t-carol,carol,,system:masters",
            ""));
    TokenFile tokens = TokenFile.read(file);
    assertEquals(3, tokens.entries().size(), tokens.entries().toString());
    assertEquals(
        new User("alice", "uid-1", List.of("tenant-a", "viewers")), tokens.entries().get(0).user());
    assertEquals(new User("bob", "uid-2", List.of()), tokens.entries().get(1).user());
    assertEquals(new User("carol", "", List.of("system:masters")), tokens.entries().get(2).user());
    assertEquals(Optional.empty(), tokens.adminToken());

    Authenticator authenticator = tokens.authenticator();
    assertEquals("alice", authenticator.authenticate("Bearer t-alice").orElseThrow().name());
    assertEquals("bob", authenticator.authenticate("Bearer t-bob").orElseThrow().name());
    assertEquals(Optional.empty(), authenticator.authenticate("Bearer "));
  }

  @Test
  void rejectsMalformedFiles() throws IOException {
    Path shortRecord = tmp.resolve("short.csv");
    Files.writeString(shortRecord, "t1,alice,uid\nt2,bob\n");
    IOException tooShort = assertThrows(IOException.class, () -> TokenFile.read(shortRecord));
    assertTrue(tooShort.getMessage().contains("record 2"), tooShort.getMessage());
    assertTrue(tooShort.getMessage().contains("at least 3 columns"), tooShort.getMessage());

    Path badQuote = tmp.resolve("quote.csv");
    Files.writeString(badQuote, "t1,alice,uid,\"unterminated\n");
    IOException quote = assertThrows(IOException.class, () -> TokenFile.read(badQuote));
    assertTrue(quote.getMessage().contains(badQuote.toString()), quote.getMessage());

    Path noUser = tmp.resolve("nouser.csv");
    Files.writeString(noUser, "t1,,uid\n");
    assertThrows(IOException.class, () -> TokenFile.read(noUser));
  }
}
