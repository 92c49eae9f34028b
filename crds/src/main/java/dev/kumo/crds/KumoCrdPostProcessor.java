package dev.kumo.crds;

import dev.kumo.api.common.Patterns;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finishes each generated CRD: descriptions of the kind, its spec and its status from their
 * classes' Javadoc, and printer columns in the order the kind declares them (the generator sorts
 * them by JSON path, which would put Age first and State last).
 */
final class KumoCrdPostProcessor implements CRDPostProcessor {
  private final Map<String, Class<? extends CustomResource<?, ?>>> kindsByCrdName;

  KumoCrdPostProcessor(Map<String, Class<? extends CustomResource<?, ?>>> kindsByCrdName) {
    this.kindsByCrdName = kindsByCrdName;
  }

  @Override
  public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
    CustomResourceDefinition crd = (CustomResourceDefinition) generated;
    Class<? extends CustomResource<?, ?>> kind = kindsByCrdName.get(crd.getMetadata().getName());
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(JavadocDescriptions.ofClass(kind));
      describe(root, "spec", typeArgument(kind, 0));
      describe(root, "status", typeArgument(kind, 1));
      root.getProperties().values().forEach(KumoCrdPostProcessor::completeTypes);
      conditionsAsMap(root);
      version.setAdditionalPrinterColumns(
          declaredOrder(kind, version.getAdditionalPrinterColumns()));
    }
    return crd;
  }

  private static void describe(JSONSchemaProps root, String property, Class<?> type) {
    JSONSchemaProps schema = root.getProperties().get(property);
    if (schema != null) {
      schema.setDescription(JavadocDescriptions.ofClass(type));
    }
  }

  /**
   * Every int-or-string in Kumo's model is a resource.Quantity: give it the non-negative quantity
   * pattern (the generator drops annotations on non-string types). Every free-form node is a
   * template object.
   */
  private static void completeTypes(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      schema.setPattern(Patterns.QUANTITY);
      schema.setMinimum(0.0);
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
        && schema.getType() == null) {
      schema.setType("object");
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(KumoCrdPostProcessor::completeTypes);
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      completeTypes(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      completeTypes(schema.getAdditionalProperties().getSchema());
    }
  }

  /** Conditions are a map keyed by type, so server-side apply merges them entry by entry. */
  private static void conditionsAsMap(JSONSchemaProps root) {
    JSONSchemaProps status = root.getProperties().get("status");
    JSONSchemaProps conditions = status == null ? null : status.getProperties().get("conditions");
    if (conditions != null) {
      conditions.setXKubernetesListType("map");
      conditions.setXKubernetesListMapKeys(List.of("type"));
    }
  }

  private static List<CustomResourceColumnDefinition> declaredOrder(
      Class<?> kind, List<CustomResourceColumnDefinition> columns) {
    List<String> order =
        List.of(kind.getAnnotationsByType(AdditionalPrinterColumn.class)).stream()
            .map(AdditionalPrinterColumn::name)
            .toList();
    List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
    sorted.sort(Comparator.comparingInt(c -> order.indexOf(c.getName())));
    return sorted;
  }

  private static Class<?> typeArgument(Class<?> kind, int index) {
    Type type = ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments()[index];
    return (Class<?>) type;
  }
}
