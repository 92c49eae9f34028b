package dev.kumo.apiserver.cel;

import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.util.function.Function;

/**
 * Kubernetes' {@code ip} and {@code cidr} libraries: {@code ip(s)}, {@code isIP(s)}, {@code
 * ip.isCanonical(s)}, {@code family()}, {@code isUnspecified()}, {@code isLoopback()}, {@code
 * isLinkLocalMulticast()}, {@code isLinkLocalUnicast()}, {@code isGlobalUnicast()}, {@code
 * cidr(s)}, {@code isCIDR(s)}, {@code containsIP(ip or string)}, {@code containsCIDR(cidr or
 * string)}, {@code ip()}, {@code masked()}, {@code prefixLength()}, and {@code string(...)} and
 * {@code ==} on both types.
 */
final class KubernetesNetworkLibrary implements CelCompilerLibrary, CelRuntimeLibrary {
  static final OpaqueType IP = OpaqueType.create("net.IP");
  static final OpaqueType CIDR = OpaqueType.create("net.CIDR");

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    checker.addFunctionDeclarations(
        CelFunctionDecl.newFunctionDeclaration(
            "ip",
            CelOverloadDecl.newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("cidr_ip", IP, CIDR)),
        function(
            "isIP", CelOverloadDecl.newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
        function(
            "ip.isCanonical",
            CelOverloadDecl.newGlobalOverload(
                "ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
        function("family", CelOverloadDecl.newMemberOverload("ip_family", SimpleType.INT, IP)),
        ipPredicate("isUnspecified"),
        ipPredicate("isLoopback"),
        ipPredicate("isLinkLocalMulticast"),
        ipPredicate("isLinkLocalUnicast"),
        ipPredicate("isGlobalUnicast"),
        function(
            "cidr", CelOverloadDecl.newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
        function(
            "isCIDR",
            CelOverloadDecl.newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "containsIP",
            CelOverloadDecl.newMemberOverload(
                "cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP)),
        CelFunctionDecl.newFunctionDeclaration(
            "containsCIDR",
            CelOverloadDecl.newMemberOverload(
                "cidr_contains_cidr_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR)),
        function("masked", CelOverloadDecl.newMemberOverload("cidr_masked", CIDR, CIDR)),
        function(
            "prefixLength",
            CelOverloadDecl.newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
        CelFunctionDecl.newFunctionDeclaration(
            "string",
            CelOverloadDecl.newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
            CelOverloadDecl.newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)));
  }

  private static CelFunctionDecl function(String name, CelOverloadDecl overload) {
    return CelFunctionDecl.newFunctionDeclaration(name, overload);
  }

  private static CelFunctionDecl ipPredicate(String name) {
    return function(name, CelOverloadDecl.newMemberOverload("ip_" + name, SimpleType.BOOL, IP));
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    runtime.addFunctionBindings(
        CelFunctionBinding.from("string_to_ip", String.class, s -> parse(s, IpAddress::parse)),
        CelFunctionBinding.from("is_ip", String.class, s -> succeeds(s, IpAddress::parse)),
        CelFunctionBinding.from(
            "ip_is_canonical", String.class, s -> parse(s, IpAddress::parse).toString().equals(s)),
        CelFunctionBinding.from("ip_family", IpAddress.class, IpAddress::family),
        CelFunctionBinding.from("ip_isUnspecified", IpAddress.class, IpAddress::isUnspecified),
        CelFunctionBinding.from("ip_isLoopback", IpAddress.class, IpAddress::isLoopback),
        CelFunctionBinding.from(
            "ip_isLinkLocalMulticast", IpAddress.class, IpAddress::isLinkLocalMulticast),
        CelFunctionBinding.from(
            "ip_isLinkLocalUnicast", IpAddress.class, IpAddress::isLinkLocalUnicast),
        CelFunctionBinding.from("ip_isGlobalUnicast", IpAddress.class, IpAddress::isGlobalUnicast),
        CelFunctionBinding.from("ip_to_string", IpAddress.class, IpAddress::toString),
        CelFunctionBinding.from("string_to_cidr", String.class, s -> parse(s, Cidr::parse)),
        CelFunctionBinding.from("is_cidr", String.class, s -> succeeds(s, Cidr::parse)),
        CelFunctionBinding.from(
            "cidr_contains_ip_string",
            Cidr.class,
            String.class,
            (cidr, s) -> cidr.containsIp(parse(s, IpAddress::parse))),
        CelFunctionBinding.from(
            "cidr_contains_ip_ip", Cidr.class, IpAddress.class, Cidr::containsIp),
        CelFunctionBinding.from(
            "cidr_contains_cidr_string",
            Cidr.class,
            String.class,
            (cidr, s) -> cidr.containsCidr(parse(s, Cidr::parse))),
        CelFunctionBinding.from("cidr_contains_cidr", Cidr.class, Cidr.class, Cidr::containsCidr),
        CelFunctionBinding.from("cidr_ip", Cidr.class, Cidr::ip),
        CelFunctionBinding.from("cidr_masked", Cidr.class, Cidr::masked),
        CelFunctionBinding.from("cidr_prefix_length", Cidr.class, Cidr::prefixLength),
        CelFunctionBinding.from("cidr_to_string", Cidr.class, Cidr::toString));
  }

  private static <T> T parse(String text, Function<String, T> parser)
      throws CelEvaluationException {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw CelEvaluationExceptionBuilder.newBuilder("%s", e.getMessage())
          .setErrorCode(CelErrorCode.INVALID_ARGUMENT)
          .setCause(e)
          .build();
    }
  }

  private static boolean succeeds(String text, Function<String, ?> parser) {
    try {
      parser.apply(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
