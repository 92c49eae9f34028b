package dev.kumo.apiserver.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {
  private static final List<String> FILES =
      List.of(Pki.CA_CERT, Pki.CA_KEY, Pki.SERVER_CERT, Pki.SERVER_KEY);

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("pki");
  }

  private Map<String, byte[]> contents() throws IOException {
    Map<String, byte[]> contents = new HashMap<>();
    for (String file : FILES) {
      contents.put(file, Files.readAllBytes(dir().resolve(file)));
    }
    return contents;
  }

  private static X509Certificate readCertificate(Path file)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** The subject alternative names as (type, value) strings, as the JDK reports them. */
  private static List<String> subjectAltNames(X509Certificate certificate)
      throws CertificateException {
    List<String> names = new ArrayList<>();
    for (List<?> entry : certificate.getSubjectAlternativeNames()) {
      names.add(entry.get(0) + ":" + entry.get(1));
    }
    return names;
  }

  private static X509TrustManager trustManager(X509Certificate ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  @Test
  void createsCaAndServingCertificateWithPrivateModes() throws Exception {
    ServingCertificates certs = Pki.ensure(dir(), List.of("kumo.example.com", "10.1.2.3"));

    assertEquals("rwx------", mode(dir()));
    assertEquals("rw-------", mode(dir().resolve(Pki.CA_KEY)));
    assertEquals("rw-------", mode(dir().resolve(Pki.SERVER_KEY)));
    assertEquals("rw-r--r--", mode(dir().resolve(Pki.CA_CERT)));
    assertEquals("rw-r--r--", mode(dir().resolve(Pki.SERVER_CERT)));
    try (var files = Files.list(dir())) {
      assertEquals(4, files.count(), "no temporary files are left behind");
    }

    X509Certificate ca = readCertificate(dir().resolve(Pki.CA_CERT));
    assertEquals("CN=kumo-ca", ca.getSubjectX500Principal().getName());
    assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
    assertEquals(0, ca.getBasicConstraints(), "a CA that may sign only leaf certificates");
    assertTrue(ca.getKeyUsage()[5], "keyCertSign");
    assertEquals("EC", ca.getPublicKey().getAlgorithm());
    assertEquals("SHA256withECDSA", ca.getSigAlgName());
    assertValidity(ca, Duration.ofDays(3650));
    ca.verify(ca.getPublicKey());

    X509Certificate serving = readCertificate(dir().resolve(Pki.SERVER_CERT));
    assertEquals("CN=kumo-apiserver", serving.getSubjectX500Principal().getName());
    assertEquals(ca.getSubjectX500Principal(), serving.getIssuerX500Principal());
    assertEquals(-1, serving.getBasicConstraints(), "not a CA");
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), serving.getExtendedKeyUsage(), "serverAuth");
    assertTrue(serving.getKeyUsage()[0], "digitalSignature");
    assertEquals("EC", serving.getPublicKey().getAlgorithm());
    assertValidity(serving, Duration.ofDays(365));
    serving.verify(ca.getPublicKey());
    List<String> names = subjectAltNames(serving);
    assertTrue(names.contains("7:127.0.0.1"), names.toString());
    assertTrue(names.contains("7:0:0:0:0:0:0:0:1"), names.toString());
    assertTrue(names.contains("2:localhost"), names.toString());
    assertTrue(
        names.contains("2:" + InetAddress.getLocalHost().getHostName().toLowerCase()),
        names.toString());
    assertTrue(names.contains("2:kumo.example.com"), names.toString());
    assertTrue(names.contains("7:10.1.2.3"), names.toString());

    assertEquals(ca, certs.caCertificate());
    assertEquals(serving, certs.certificate());
    assertEquals(Files.readString(dir().resolve(Pki.CA_CERT)), certs.caCertificatePem());
    assertEquals(Files.readString(dir().resolve(Pki.SERVER_CERT)), certs.certificatePem());
    assertEquals(Files.readString(dir().resolve(Pki.SERVER_KEY)), certs.keyPem());
    assertTrue(certs.keyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8");
    assertTrue(certs.caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
    assertEquals(dir().resolve(Pki.SERVER_KEY), certs.keyFile());
    assertFalse(certs.toString().contains("PRIVATE"), "toString hides the key: " + certs);
    assertFalse(
        certs.toString().contains(certs.keyPem().lines().skip(1).findFirst().orElseThrow()));
  }

  @Test
  void chainValidatesWithTrustManagerFromCaFile() throws Exception {
    ServingCertificates certs = Pki.ensure(dir(), List.of());
    X509TrustManager trust = trustManager(readCertificate(dir().resolve(Pki.CA_CERT)));
    trust.checkServerTrusted(new X509Certificate[] {certs.certificate()}, "ECDHE_ECDSA");

    ServingCertificates other = Pki.ensure(tmp.resolve("other"), List.of());
    assertThrows(
        CertificateException.class,
        () -> trust.checkServerTrusted(new X509Certificate[] {other.certificate()}, "ECDHE_ECDSA"),
        "a certificate of another Kumo CA is not trusted");
  }

  @Test
  void vertxAcceptsThePemMaterial() throws Exception {
    ServingCertificates certs = Pki.ensure(dir(), List.of());
    Vertx vertx = Vertx.vertx();
    try {
      new PemKeyCertOptions()
          .setCertValue(Buffer.buffer(certs.certificatePem()))
          .setKeyValue(Buffer.buffer(certs.keyPem()))
          .getKeyManagerFactory(vertx);
      new PemKeyCertOptions()
          .setCertPath(certs.certificateFile().toString())
          .setKeyPath(certs.keyFile().toString())
          .getKeyManagerFactory(vertx);
      new PemTrustOptions()
          .addCertValue(Buffer.buffer(certs.caCertificatePem()))
          .getTrustManagerFactory(vertx);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void laterStartsReuseTheFiles() throws Exception {
    Pki.ensure(dir(), List.of("kumo.example.com"));
    Map<String, byte[]> first = contents();

    ServingCertificates again = Pki.ensure(dir(), List.of("kumo.example.com"));
    assertContentsEqual(first, contents());
    // Fewer names than the certificate has is fine too.
    Pki.ensure(dir(), List.of());
    assertContentsEqual(first, contents());
    assertEquals(
        readCertificate(dir().resolve(Pki.SERVER_CERT)), again.certificate(), "loaded from disk");
  }

  @Test
  void missingSubjectAltNameRenewsOnlyTheServingCertificate() throws Exception {
    Pki.ensure(dir(), List.of());
    Map<String, byte[]> first = contents();

    ServingCertificates renewed = Pki.ensure(dir(), List.of("Kumo.Example.com"));
    Map<String, byte[]> second = contents();
    assertArrayEquals(first.get(Pki.CA_CERT), second.get(Pki.CA_CERT));
    assertArrayEquals(first.get(Pki.CA_KEY), second.get(Pki.CA_KEY));
    assertFalse(Arrays.equals(first.get(Pki.SERVER_CERT), second.get(Pki.SERVER_CERT)));
    assertFalse(Arrays.equals(first.get(Pki.SERVER_KEY), second.get(Pki.SERVER_KEY)));
    assertTrue(subjectAltNames(renewed.certificate()).contains("2:kumo.example.com"));
    renewed.certificate().verify(renewed.caCertificate().getPublicKey());

    // Names compare case-insensitively and IPv6 addresses by value.
    Pki.ensure(dir(), List.of("KUMO.example.COM", "0:0:0:0:0:0:0:1"));
    assertContentsEqual(second, contents());
  }

  @Test
  void servingCertificateIsRenewedWithin30DaysOfExpiry() throws Exception {
    Instant now = Instant.now();
    Pki.ensure(dir(), List.of(), Clock.fixed(now, ZoneOffset.UTC));
    Map<String, byte[]> first = contents();

    Pki.ensure(dir(), List.of(), Clock.fixed(now.plus(Duration.ofDays(330)), ZoneOffset.UTC));
    assertContentsEqual(first, contents());

    ServingCertificates renewed =
        Pki.ensure(dir(), List.of(), Clock.fixed(now.plus(Duration.ofDays(340)), ZoneOffset.UTC));
    Map<String, byte[]> second = contents();
    assertArrayEquals(first.get(Pki.CA_CERT), second.get(Pki.CA_CERT));
    assertFalse(Arrays.equals(first.get(Pki.SERVER_CERT), second.get(Pki.SERVER_CERT)));
    Instant expected = now.plus(Duration.ofDays(340 + 365));
    assertTrue(
        Duration.between(renewed.certificate().getNotAfter().toInstant(), expected)
                .abs()
                .toSeconds()
            < 2,
        renewed.certificate().getNotAfter().toString());
  }

  @Test
  void damagedServingFilesAreReplaced() throws Exception {
    Pki.ensure(dir(), List.of());
    Map<String, byte[]> first = contents();
    Files.writeString(dir().resolve(Pki.SERVER_CERT), "garbage");
    ServingCertificates repaired = Pki.ensure(dir(), List.of());
    repaired.certificate().verify(repaired.caCertificate().getPublicKey());
    assertArrayEquals(first.get(Pki.CA_CERT), contents().get(Pki.CA_CERT));

    // A serving certificate of another CA (e.g. ca.* restored from a backup) is replaced as well.
    Pki.ensure(tmp.resolve("other"), List.of());
    Files.copy(
        tmp.resolve("other").resolve(Pki.SERVER_CERT),
        dir().resolve(Pki.SERVER_CERT),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        tmp.resolve("other").resolve(Pki.SERVER_KEY),
        dir().resolve(Pki.SERVER_KEY),
        StandardCopyOption.REPLACE_EXISTING);
    ServingCertificates reissued = Pki.ensure(dir(), List.of());
    reissued.certificate().verify(reissued.caCertificate().getPublicKey());
  }

  @Test
  void theCaIsNeverReplaced() throws Exception {
    Pki.ensure(dir(), List.of());
    byte[] caCert = Files.readAllBytes(dir().resolve(Pki.CA_CERT));

    // Without ca.key a valid serving certificate is still served ...
    Files.move(dir().resolve(Pki.CA_KEY), tmp.resolve("ca.key.saved"));
    Pki.ensure(dir(), List.of());
    // ... but it cannot be renewed, and the CA is not silently replaced.
    IOException noKey = assertThrows(IOException.class, () -> Pki.ensure(dir(), List.of("new")));
    assertTrue(noKey.getMessage().contains("ca.key"), noKey.getMessage());
    assertArrayEquals(caCert, Files.readAllBytes(dir().resolve(Pki.CA_CERT)));

    Files.move(tmp.resolve("ca.key.saved"), dir().resolve(Pki.CA_KEY));
    Files.delete(dir().resolve(Pki.CA_CERT));
    IOException noCert = assertThrows(IOException.class, () -> Pki.ensure(dir(), List.of()));
    assertTrue(noCert.getMessage().contains("ca.crt"), noCert.getMessage());
    assertFalse(Files.exists(dir().resolve(Pki.CA_CERT)));

    Files.writeString(dir().resolve(Pki.CA_CERT), "garbage");
    IOException damaged = assertThrows(IOException.class, () -> Pki.ensure(dir(), List.of()));
    assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    assertEquals("garbage", Files.readString(dir().resolve(Pki.CA_CERT)));
  }

  @Test
  void rejectsEmptyNames() {
    assertThrows(IllegalArgumentException.class, () -> Pki.ensure(dir(), List.of(" ")));
  }

  private static void assertValidity(X509Certificate certificate, Duration validity) {
    Duration actual =
        Duration.between(
            certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    // Valid from five minutes ago, for clients whose clock is a little behind.
    assertEquals(validity.plusMinutes(5), actual);
    assertTrue(certificate.getNotBefore().toInstant().isBefore(Instant.now()));
  }

  private static void assertContentsEqual(
      Map<String, byte[]> expected, Map<String, byte[]> actual) {
    for (String file : FILES) {
      assertArrayEquals(expected.get(file), actual.get(file), file + " was rewritten");
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
