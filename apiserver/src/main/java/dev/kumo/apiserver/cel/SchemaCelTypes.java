package dev.kumo.apiserver.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Derives the CEL type of {@code self} from a schema node the way Kubernetes does ({@code
 * model.SchemaDeclType}): objects with properties become struct types whose fields are the escaped
 * property names, {@code additionalProperties} become {@code map(string, T)}, {@code items} become
 * {@code list(T)}, {@code x-kubernetes-int-or-string} becomes {@code dyn}, and string formats
 * {@code date}/{@code date-time}, {@code duration} and {@code byte} become {@code timestamp},
 * {@code duration} and {@code bytes}.
 */
final class SchemaCelTypes {

  /** The type of {@code self} and the provider declaring the struct types it refers to. */
  record SelfType(CelType type, CelTypeProvider provider) {}

  private final Map<String, CelType> structs = new LinkedHashMap<>();

  private SchemaCelTypes() {}

  /**
   * The CEL type for values of {@code schema}; {@code dyn} when the schema declares no usable type.
   *
   * @param typeName the name of the root struct type; nested structs are named after it
   */
  static SelfType of(SchemaView schema, boolean resourceRoot, String typeName) {
    SchemaCelTypes types = new SchemaCelTypes();
    CelType type = types.declType(schema, resourceRoot, typeName);
    return new SelfType(
        type == null ? SimpleType.DYN : type,
        new StructProvider(ImmutableMap.copyOf(types.structs)));
  }

  /** Returns {@code null} for schemas Kubernetes leaves out of CEL (e.g. arrays without items). */
  private CelType declType(SchemaView schema, boolean resourceRoot, String name) {
    if (schema.isIntOrString()) {
      return SimpleType.DYN;
    }
    SchemaView s = resourceRoot ? schema.asResourceRoot() : schema;
    return switch (s.type()) {
      case "array" -> s.items().map(items -> listType(items, name)).orElse(null);
      case "object" ->
          s.additionalProperties().isPresent() ? mapType(s, name) : structType(s, name);
      case "string" -> stringType(s.format());
      case "boolean" -> SimpleType.BOOL;
      case "number" -> SimpleType.DOUBLE;
      case "integer" -> SimpleType.INT;
      default -> null;
    };
  }

  private CelType listType(SchemaView items, String name) {
    CelType elem = declType(items, items.isEmbeddedResource(), name + ".@idx");
    return elem == null ? null : ListType.create(elem);
  }

  private CelType mapType(SchemaView s, String name) {
    SchemaView values = s.additionalProperties().orElseThrow();
    CelType elem = declType(values, values.isEmbeddedResource(), name + ".@elem");
    return elem == null ? null : MapType.create(SimpleType.STRING, elem);
  }

  private CelType structType(SchemaView s, String name) {
    Map<String, CelType> fields = new LinkedHashMap<>();
    s.properties()
        .forEach(
            (property, propertySchema) ->
                CelFieldNames.escape(property)
                    .ifPresent(
                        field -> {
                          CelType fieldType =
                              declType(
                                  propertySchema,
                                  propertySchema.isEmbeddedResource(),
                                  name + "." + field);
                          if (fieldType != null) {
                            fields.put(field, fieldType);
                          }
                        }));
    ImmutableMap<String, CelType> fieldTypes = ImmutableMap.copyOf(fields);
    StructType struct =
        StructType.create(
            name, fieldTypes.keySet(), field -> Optional.ofNullable(fieldTypes.get(field)));
    structs.put(name, struct);
    return struct;
  }

  private static CelType stringType(String format) {
    return switch (format) {
      case "byte" -> SimpleType.BYTES;
      case "duration" -> SimpleType.DURATION;
      case "date", "date-time" -> SimpleType.TIMESTAMP;
      default -> SimpleType.STRING;
    };
  }

  private record StructProvider(ImmutableMap<String, CelType> structs) implements CelTypeProvider {
    @Override
    public ImmutableCollection<CelType> types() {
      return ImmutableList.copyOf(structs.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(structs.get(typeName));
    }
  }
}
