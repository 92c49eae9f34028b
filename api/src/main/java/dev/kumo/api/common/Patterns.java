package dev.kumo.api.common;

/**
 * Regular expressions used by the CRD schemas. They are RE2-compatible so that kube-apiserver and
 * Kumo's own API server agree.
 */
public final class Patterns {
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

  /** An object name as Kubernetes allows it (RFC 1123 subdomain). */
  public static final String NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A dotted-quad IPv4 address without leading zeros. */
  public static final String IPV4 = "^(" + OCTET + "\\.){3}" + OCTET + "$";

  /** An IPv4 CIDR such as 10.0.0.0/24. */
  public static final String CIDR4 =
      "^(" + OCTET + "\\.){3}" + OCTET + "/([0-9]|[12][0-9]|3[0-2])$";

  /** A contiguous, non-zero IPv4 netmask such as 255.255.255.0. */
  public static final String NETMASK =
      "^(255\\.255\\.255\\.(255|254|252|248|240|224|192|128|0)"
          + "|255\\.255\\.(254|252|248|240|224|192|128|0)\\.0"
          + "|255\\.(254|252|248|240|224|192|128|0)\\.0\\.0"
          + "|(255|254|252|248|240|224|192|128)\\.0\\.0\\.0)$";

  /** A unicast MAC address in colon notation (the first octet's multicast bit is clear). */
  public static final String UNICAST_MAC = "^[0-9a-fA-F][02468aceACE](:[0-9a-fA-F]{2}){5}$";

  /** A DNS domain such as cloud.example.com. */
  public static final String DNS_DOMAIN =
      "^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\\.)*[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$";

  /** A non-negative Kubernetes quantity such as 2Gi, 512Mi or 100G. */
  public static final String QUANTITY =
      "^(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  /** A checksum in the form algorithm:hex, e.g. sha256:9f86d0... */
  public static final String CHECKSUM =
      "^(md5:[0-9a-f]{32}|sha1:[0-9a-f]{40}|sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$";

  private Patterns() {}
}
