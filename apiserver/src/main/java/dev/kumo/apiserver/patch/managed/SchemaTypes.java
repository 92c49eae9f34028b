package dev.kumo.apiserver.patch.managed;

import dev.kumo.apiserver.schema.StructuralSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a CRD's structural schema into the structured-merge-diff type kube-apiserver tracks its
 * custom resources with: the CRD's OpenAPI v3 document as apiextensions publishes it (with {@code
 * apiVersion}, {@code kind} and {@code metadata} as {@code ObjectMeta}) read by kube-openapi's
 * {@code schemaconv.ToSchemaFromOpenAPI}.
 *
 * <ul>
 *   <li>no {@code type} (int-or-string, bare preserve-unknown-fields): scalar, list or map;
 *   <li>lists: atomic unless {@code x-kubernetes-list-type} is {@code set} or {@code map};
 *   <li>objects: granular unless {@code x-kubernetes-map-type: atomic}; other keys allowed with the
 *       {@code additionalProperties} type, or deduced ({@code __untyped_deduced_}) for objects
 *       without properties and below {@code x-kubernetes-preserve-unknown-fields};
 *   <li>{@code x-kubernetes-embedded-resource} objects also get {@code apiVersion}, {@code kind}
 *       and an {@code ObjectMeta} {@code metadata}.
 * </ul>
 */
final class SchemaTypes {

  private SchemaTypes() {}

  /** The type of a whole custom resource; a null schema means "any object" (deduced). */
  static SmdType forResource(StructuralSchema schema) {
    SmdType root = schema == null ? SmdType.DEDUCED : convert(schema, false);
    SmdType.MapType map = root.map();
    Map<String, SmdType.Field> fields = new LinkedHashMap<>(map.fields());
    addTypeAndObjectMeta(fields);
    return SmdType.mapType(new SmdType.MapType(map.atomic(), fields, map.elementType()));
  }

  private static void addTypeAndObjectMeta(Map<String, SmdType.Field> fields) {
    fields.put("apiVersion", new SmdType.Field(SmdType.scalarType(), null));
    fields.put("kind", new SmdType.Field(SmdType.scalarType(), null));
    fields.put("metadata", new SmdType.Field(SmdType.objectMeta(), null));
  }

  private static SmdType convert(StructuralSchema s, boolean preserveUnknownFields) {
    boolean preserve = preserveUnknownFields || s.extensions().preserveUnknownFields();
    String type = s.extensions().intOrString() ? "" : s.type();
    return switch (type) {
      case "" -> new SmdType(true, list(s, preserve), object(s, preserve));
      case "object" -> SmdType.mapType(object(s, preserve));
      case "array" -> SmdType.listType(list(s, preserve));
      default -> SmdType.scalarType();
    };
  }

  private static SmdType.MapType object(StructuralSchema s, boolean preserve) {
    Map<String, SmdType.Field> fields = new LinkedHashMap<>();
    s.properties()
        .forEach(
            (name, child) ->
                fields.put(
                    name, new SmdType.Field(convert(child, preserve), child.defaultValue())));
    if (s.extensions().embeddedResource()) {
      addTypeAndObjectMeta(fields);
    }
    StructuralSchema.AdditionalProperties ap = s.additionalProperties();
    SmdType elementType;
    if (ap == null) {
      elementType = preserve || s.properties().isEmpty() ? SmdType.DEDUCED : null;
    } else if (ap.schema() != null) {
      elementType = convert(ap.schema(), preserve);
    } else {
      elementType = ap.allows() ? SmdType.DEDUCED : null;
    }
    return new SmdType.MapType("atomic".equals(s.extensions().mapType()), fields, elementType);
  }

  private static SmdType.ListType list(StructuralSchema s, boolean preserve) {
    SmdType element = s.items() == null ? SmdType.UNTYPED_ATOMIC : convert(s.items(), preserve);
    String listType = s.extensions().listType();
    if ("set".equals(listType)) {
      return new SmdType.ListType(false, List.of(), element);
    } else if ("map".equals(listType)) {
      return new SmdType.ListType(false, s.extensions().listMapKeys(), element);
    }
    return new SmdType.ListType(true, List.of(), element);
  }
}
