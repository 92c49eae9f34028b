package dev.kumo.apiserver.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kumo's own small PKI: a CA and a TLS serving certificate signed by it, kept as PEM files in one
 * private directory.
 *
 * <ul>
 *   <li>{@value #CA_CERT} / {@value #CA_KEY}: a self-signed CA ({@code CN=kumo-ca}, 10 years). It
 *       is created once and never replaced, so kubeconfigs handed out earlier stay valid.
 *   <li>{@value #SERVER_CERT} / {@value #SERVER_KEY}: the serving certificate ({@code
 *       CN=kumo-apiserver}, 1 year, extended key usage serverAuth), with the subject alternative
 *       names 127.0.0.1, ::1, localhost, this machine's host name and any extra names. It is
 *       replaced when it is missing, unreadable, not issued by the CA, within 30 days of expiry, or
 *       lacks a requested name.
 * </ul>
 *
 * <p>Keys are ECDSA P-256 with SHA-256 signatures, which Go's crypto/tls (kubectl, Helm, Argo CD),
 * the JDK (fabric8, JOSDK) and OpenSSL (curl) all accept. Go does not fall back to the common name,
 * so every host name clients use must be a subject alternative name. Private keys are PKCS#8 PEM
 * files with mode 0600, certificates 0644, the directory 0700.
 */
public final class Pki {
  /** The CA certificate file name. */
  public static final String CA_CERT = "ca.crt";

  /** The CA private key file name. */
  public static final String CA_KEY = "ca.key";

  /** The serving certificate file name. */
  public static final String SERVER_CERT = "server.crt";

  /** The serving private key file name. */
  public static final String SERVER_KEY = "server.key";

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Certificates start a little in the past so that clients with a slow clock accept them. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final Logger LOG = LoggerFactory.getLogger(Pki.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pki() {}

  /**
   * Loads the CA and serving certificate from {@code dir}, creating or renewing them as needed (see
   * the class comment).
   *
   * @param dir the PKI directory; created with mode 0700 if missing, tightened to 0700 otherwise
   * @param extraSubjectAltNames host names or IP literals to add to the defaults of {@link
   *     #defaultSubjectAltNames()}
   * @throws IOException if the files cannot be read or written, or the CA is damaged or incomplete
   *     (Kumo never replaces a CA on its own: that would invalidate every kubeconfig)
   */
  public static ServingCertificates ensure(Path dir, List<String> extraSubjectAltNames)
      throws IOException {
    return ensure(dir, extraSubjectAltNames, Clock.systemUTC());
  }

  /** {@link #ensure(Path, List)} at the time of {@code clock}. */
  static ServingCertificates ensure(Path dir, List<String> extraSubjectAltNames, Clock clock)
      throws IOException {
    Map<GeneralName, String> names = new LinkedHashMap<>();
    for (String name : defaultSubjectAltNames()) {
      names.put(generalName(name), name);
    }
    for (String name : extraSubjectAltNames) {
      names.putIfAbsent(generalName(name), name);
    }
    SecureFiles.ensurePrivateDirectory(dir);
    Instant now = clock.instant();
    try {
      Issuer ca = loadOrCreateCa(dir, now);
      Path certFile = dir.resolve(SERVER_CERT);
      Path keyFile = dir.resolve(SERVER_KEY);
      String renewal = renewalReason(certFile, keyFile, ca.certificate(), names, now);
      if (renewal != null) {
        if (ca.key() == null) {
          throw new IOException(
              "the serving certificate "
                  + certFile
                  + " must be renewed ("
                  + renewal
                  + ") but the CA key "
                  + dir.resolve(CA_KEY)
                  + " is missing; restore it, or remove "
                  + CA_CERT
                  + " as well to create a new CA (clients then need a new kubeconfig)");
        }
        LOG.info("Creating the serving certificate {}: {}", certFile, renewal);
        createServingCertificate(certFile, keyFile, ca, names, now);
      }
      String certPem = Files.readString(certFile, StandardCharsets.US_ASCII);
      String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
      return new ServingCertificates(
          dir.resolve(CA_CERT),
          certFile,
          keyFile,
          ca.pem(),
          certPem,
          keyPem,
          ca.certificate(),
          parseCertificate(certPem),
          parsePrivateKey(keyPem));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot set up the PKI in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The names every serving certificate carries: {@code 127.0.0.1}, {@code ::1}, {@code localhost}
   * and this machine's host name (when it can be determined).
   */
  public static List<String> defaultSubjectAltNames() {
    List<String> names = new ArrayList<>(List.of("127.0.0.1", "::1", "localhost"));
    try {
      String hostName = InetAddress.getLocalHost().getHostName();
      if (!hostName.isBlank()) {
        names.add(hostName);
      }
    } catch (UnknownHostException e) {
      LOG.debug("The host name cannot be resolved, leaving it out of the serving certificate", e);
    }
    return names;
  }

  private record Issuer(X509Certificate certificate, PrivateKey key, String pem) {}

  private static Issuer loadOrCreateCa(Path dir, Instant now)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Path certFile = dir.resolve(CA_CERT);
    Path keyFile = dir.resolve(CA_KEY);
    boolean haveCert = Files.exists(certFile);
    if (!haveCert && !Files.exists(keyFile)) {
      LOG.info("Creating the Kumo CA in {}", dir);
      KeyPair keys = newKeyPair();
      X500Name subject = new X500Name("CN=kumo-ca");
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serialNumber(),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(CA_VALIDITY)),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys.getPrivate());
      SecureFiles.writeAtomically(keyFile, pem(keys.getPrivate()), SecureFiles.PRIVATE);
      SecureFiles.writeAtomically(certFile, pem(certificate), SecureFiles.PUBLIC);
    } else if (!haveCert) {
      throw new IOException(
          "the CA key "
              + keyFile
              + " exists but the CA certificate "
              + certFile
              + " is missing; restore it, or remove "
              + CA_KEY
              + " as well to create a new CA (clients then need a new kubeconfig)");
    }
    String pem = Files.readString(certFile, StandardCharsets.US_ASCII);
    X509Certificate certificate;
    PrivateKey key = null;
    try {
      certificate = parseCertificate(pem);
      if (Files.exists(keyFile)) {
        key = parsePrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        if (!matches(key, certificate.getPublicKey())) {
          throw new IOException(CA_KEY + " does not belong to " + CA_CERT);
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(
          "the Kumo CA in " + dir + " is damaged (" + e.getMessage() + "); Kumo never replaces it",
          e);
    }
    Instant caExpiry = certificate.getNotAfter().toInstant();
    if (now.plus(RENEW_BEFORE).isAfter(caExpiry)) {
      LOG.warn("The Kumo CA {} expires at {}; it is not renewed automatically", certFile, caExpiry);
    }
    return new Issuer(certificate, key, pem);
  }

  /** Why the serving certificate must be (re)created, or {@code null} if it is fine. */
  private static String renewalReason(
      Path certFile, Path keyFile, X509Certificate ca, Map<GeneralName, String> names, Instant now)
      throws IOException {
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return "it does not exist yet";
    }
    X509Certificate certificate;
    try {
      certificate = parseCertificate(Files.readString(certFile, StandardCharsets.US_ASCII));
      PrivateKey key = parsePrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
      if (!matches(key, certificate.getPublicKey())) {
        return SERVER_KEY + " does not belong to " + SERVER_CERT;
      }
    } catch (IOException | GeneralSecurityException e) {
      return "it cannot be read: " + e.getMessage();
    }
    try {
      certificate.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return "it was not issued by the current CA";
    }
    if (now.plus(RENEW_BEFORE).isAfter(certificate.getNotAfter().toInstant())) {
      return "it expires at " + certificate.getNotAfter().toInstant();
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      return "it is not valid before " + certificate.getNotBefore().toInstant();
    }
    Set<GeneralName> present = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
            present.add(generalName((String) entry.get(1)));
          }
        }
      }
    } catch (CertificateException e) {
      return "its subject alternative names cannot be read: " + e.getMessage();
    }
    for (Map.Entry<GeneralName, String> name : names.entrySet()) {
      if (!present.contains(name.getKey())) {
        return "it lacks the subject alternative name " + name.getValue();
      }
    }
    return null;
  }

  private static void createServingCertificate(
      Path certFile, Path keyFile, Issuer ca, Map<GeneralName, String> names, Instant now)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair keys = newKeyPair();
    Instant notAfter = now.plus(SERVING_VALIDITY);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            serialNumber(),
            Date.from(now.minus(BACKDATE)),
            Date.from(notAfter),
            new X500Name("CN=kumo-apiserver"),
            keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
        .addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.keySet().toArray(GeneralName[]::new)))
        .addExtension(
            Extension.subjectKeyIdentifier,
            false,
            extensions.createSubjectKeyIdentifier(keys.getPublic()))
        .addExtension(
            Extension.authorityKeyIdentifier,
            false,
            extensions.createAuthorityKeyIdentifier(ca.certificate()));
    X509Certificate certificate = sign(builder, ca.key());
    SecureFiles.writeAtomically(keyFile, pem(keys.getPrivate()), SecureFiles.PRIVATE);
    SecureFiles.writeAtomically(certFile, pem(certificate), SecureFiles.PUBLIC);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  /** A random positive 127-bit serial number (RFC 5280 allows up to 20 octets). */
  private static BigInteger serialNumber() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws OperatorCreationException, CertificateException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /** Whether {@code key} is the private half of {@code publicKey}: sign and verify a nonce. */
  private static boolean matches(PrivateKey key, PublicKey publicKey)
      throws GeneralSecurityException {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
    signer.initSign(key);
    signer.update(nonce);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
    verifier.initVerify(publicKey);
    verifier.update(nonce);
    try {
      return verifier.verify(signature);
    } catch (SignatureException e) {
      return false;
    }
  }

  /** A DNS name or IP address entry; IP literals are parsed without any name lookup. */
  private static GeneralName generalName(String name) {
    String trimmed = name.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty subject alternative name");
    }
    if (IPAddress.isValid(trimmed)) {
      // GeneralName normalises the address to its bytes, so "::1" equals "0:0:0:0:0:0:0:1".
      return new GeneralName(GeneralName.iPAddress, trimmed);
    }
    return new GeneralName(GeneralName.dNSName, trimmed.toLowerCase(Locale.ROOT));
  }

  private static byte[] pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static X509Certificate parseCertificate(String pem)
      throws IOException, CertificateException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object instanceof X509CertificateHolder holder) {
        return new JcaX509CertificateConverter().getCertificate(holder);
      }
      throw new CertIOException("no PEM CERTIFICATE block");
    }
  }

  private static PrivateKey parsePrivateKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IOException("no PEM PRIVATE KEY block");
    }
  }
}
