package dev.kumo.apiserver.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens a Kumo API server accepts, kept in {@value #FILE_NAME} in kube-apiserver's
 * static token file format ({@code --token-auth-file}): one CSV record per token, {@code
 * token,user,uid[,"group1,group2"]}.
 *
 * <p>{@link #ensure} creates the file on first start with one admin token for {@value #ADMIN_USER}
 * in group {@value #ADMIN_GROUP}; further records (more users, tenants) may be added to the file
 * and are read on the next start.
 */
public final class TokenFile {
  /** The token file name inside the security directory. */
  public static final String FILE_NAME = "tokens.csv";

  /** The user name of the token created on first start. */
  public static final String ADMIN_USER = "kumo-admin";

  /** The group of the admin user: kube's superuser group. */
  public static final String ADMIN_GROUP = "system:masters";

  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

  private final Path file;
  private final List<Entry> entries;

  /**
   * One token and the user it authenticates.
   *
   * @param token the bearer token
   * @param user the user
   */
  public record Entry(String token, User user) {
    /** Does not show the token. */
    @Override
    public String toString() {
      return "Entry[token=<redacted>, user=" + user + "]";
    }
  }

  private TokenFile(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads {@code <dir>/tokens.csv}, first creating it (mode 0600, {@code dir} 0700) with a new
   * random admin token if it does not exist.
   */
  public static TokenFile ensure(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      SecureFiles.ensurePrivateDirectory(dir);
      User admin = new User(ADMIN_USER, UUID.randomUUID().toString(), List.of(ADMIN_GROUP));
      LOG.info("Creating the admin token for {} in {}", ADMIN_USER, file);
      SecureFiles.writeAtomically(
          file, format(List.of(new Entry(newToken(), admin))), SecureFiles.PRIVATE);
    }
    return read(file);
  }

  /**
   * Reads a static token file. As kube-apiserver does, it skips records with an empty token and
   * rejects records with fewer than three columns.
   *
   * @throws IOException if the file cannot be read or is not a valid token file
   */
  public static TokenFile read(Path file) throws IOException {
    warnIfReadableByOthers(file);
    List<Entry> entries = new ArrayList<>();
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<String[]> records =
        mapper
            .readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .readValues(file.toFile())) {
      int number = 0;
      while (records.hasNextValue()) {
        String[] record = records.nextValue();
        number++;
        if (record.length < 3) {
          throw new IOException(
              String.format(
                  "token file %s, record %d: must have at least 3 columns (token, user name, user"
                      + " uid), found %d",
                  file, number, record.length));
        }
        if (record[0].isEmpty()) {
          LOG.warn("Skipping the empty token in token file {}, record {}", file, number);
          continue;
        }
        if (record[1].isEmpty()) {
          throw new IOException(
              String.format("token file %s, record %d: empty user name", file, number));
        }
        List<String> groups = record.length >= 4 ? List.of(record[3].split(",", -1)) : List.of();
        entries.add(new Entry(record[0], new User(record[1], record[2], groups)));
      }
    } catch (JsonProcessingException e) {
      throw new IOException("token file " + file + " is not valid CSV: " + e.getMessage(), e);
    }
    return new TokenFile(file, entries);
  }

  /** The token file. */
  public Path file() {
    return file;
  }

  /** All entries, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The first token of {@value #ADMIN_USER}, if the file has one (e.g. for the kubeconfig). */
  public Optional<String> adminToken() {
    return entries.stream()
        .filter(entry -> entry.user().name().equals(ADMIN_USER))
        .map(Entry::token)
        .findFirst();
  }

  /** An authenticator accepting exactly the tokens of this file. */
  public Authenticator authenticator() {
    return new StaticTokenAuthenticator(entries);
  }

  /** A new random token: 32 bytes from {@link SecureRandom}, base64url without padding. */
  static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] format(List<Entry> entries) throws IOException {
    // Quote only where CSV requires it (the groups column), as in kube's documentation.
    ObjectWriter writer =
        new CsvMapper().writer().with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    StringBuilder out = new StringBuilder();
    for (Entry entry : entries) {
      User user = entry.user();
      List<String> columns = new ArrayList<>(List.of(entry.token(), user.name(), user.uid()));
      if (!user.groups().isEmpty()) {
        columns.add(String.join(",", user.groups()));
      }
      out.append(writer.writeValueAsString(columns.toArray(String[]::new)));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void warnIfReadableByOthers(Path file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (mode.contains(PosixFilePermission.GROUP_READ)
        || mode.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("Token file {} can be read by other users; restrict it with chmod 600", file);
    }
  }
}
