package dev.kumo.apiserver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * The TLS material of a Kumo API server, as produced by {@link Pki#ensure}: the CA that clients
 * trust and the serving certificate with its private key, both as files and loaded.
 *
 * <p>For Vert.x: {@code new PemKeyCertOptions().setCertValue(Buffer.buffer(certificatePem()))
 * .setKeyValue(Buffer.buffer(keyPem()))} (or the {@code *File()} paths), and {@code new
 * PemTrustOptions().addCertValue(Buffer.buffer(caCertificatePem()))} on the client side. The key is
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), which Vert.x, Go and OpenSSL all read.
 *
 * @param caCertificateFile {@code ca.crt}
 * @param certificateFile {@code server.crt}
 * @param keyFile {@code server.key}
 * @param caCertificatePem the content of {@code ca.crt}
 * @param certificatePem the content of {@code server.crt}: the serving certificate alone
 * @param keyPem the content of {@code server.key}
 * @param caCertificate the CA certificate
 * @param certificate the serving certificate
 * @param key the serving certificate's private key
 */
public record ServingCertificates(
    Path caCertificateFile,
    Path certificateFile,
    Path keyFile,
    String caCertificatePem,
    String certificatePem,
    String keyPem,
    X509Certificate caCertificate,
    X509Certificate certificate,
    PrivateKey key) {

  private static final String KEY_ALIAS = "kumo-apiserver";

  /** The file paths and certificate subjects; never the private key. */
  @Override
  public String toString() {
    return "ServingCertificates[ca="
        + caCertificateFile
        + " ("
        + caCertificate.getSubjectX500Principal().getName()
        + "), certificate="
        + certificateFile
        + ", key="
        + keyFile
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + "]";
  }

  /** The CA certificate as PEM bytes, e.g. for {@link Kubeconfig#write}. */
  public byte[] caCertificatePemBytes() {
    return caCertificatePem.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * An in-memory PKCS#12 key store holding the serving key and its chain (serving certificate, CA),
   * protected by {@code password}; for JDK-based TLS servers.
   */
  public KeyStore keyStore(char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(KEY_ALIAS, key, password, new Certificate[] {certificate, caCertificate});
    return store;
  }

  /** An in-memory PKCS#12 trust store holding only the CA certificate; for JDK-based clients. */
  public KeyStore trustStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("kumo-ca", caCertificate);
    return store;
  }
}
