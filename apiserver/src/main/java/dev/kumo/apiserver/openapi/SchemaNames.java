package dev.kumo.apiserver.openapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names kube-apiserver gives OpenAPI definitions, operations and tags.
 *
 * <ul>
 *   <li>A custom resource's definition is its group reversed, then version and kind: {@code
 *       compute.kumo.dev/v1alpha1 VmInstance} becomes {@code dev.kumo.compute.v1alpha1.VmInstance}
 *       (apiextensions-apiserver's {@code util.ToRESTFriendlyName}).
 *   <li>A built-in kind keeps its Go package name: {@code io.k8s.api.core.v1.ConfigMap}, {@code
 *       io.k8s.api.coordination.v1.Lease}, {@code
 *       io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition}.
 * </ul>
 */
public final class SchemaNames {
  /** Prefix of the apimachinery meta/v1 definitions. */
  public static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private SchemaNames() {}

  /** The definition name of a kind. */
  public static String definition(String group, String version, String kind, boolean builtin) {
    if (builtin) {
      return builtinPackage(group) + "." + version + "." + kind;
    }
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + version + "." + kind;
  }

  private static String builtinPackage(String group) {
    if (group.isEmpty()) {
      return "io.k8s.api.core";
    }
    if (group.equals("apiextensions.k8s.io")) {
      return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
    }
    return "io.k8s.api."
        + group.substring(0, group.indexOf('.') < 0 ? group.length() : group.indexOf('.'));
  }

  /**
   * The group/version part of operation ids, e.g. {@code ComputeKumoDevV1alpha1}, {@code CoreV1}.
   */
  public static String operationGroupVersion(String group, String version) {
    return upperCamel(group.isEmpty() ? "core" : group) + capitalize(version);
  }

  /** The operation tag, e.g. {@code computeKumoDev_v1alpha1}, {@code core_v1}. */
  public static String tag(String group, String version) {
    String camel = upperCamel(group.isEmpty() ? "core" : group);
    return Character.toLowerCase(camel.charAt(0)) + camel.substring(1) + "_" + version;
  }

  private static String upperCamel(String group) {
    StringBuilder out = new StringBuilder();
    for (String part : group.split("[.-]")) {
      out.append(capitalize(part));
    }
    return out.toString();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
