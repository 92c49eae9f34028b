package dev.kumo.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kumo.apiserver.schema.OpenApiError.Code;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * kube-openapi's {@code SchemaValidator}, as kube-apiserver runs it on custom resources: the same
 * checks, in the same order, with the same messages and the same match counting for {@code anyOf}
 * and {@code oneOf}.
 */
final class OpenApiValidator {

  private static final String IN = " in body";

  private OpenApiValidator() {}

  /** Validates {@code data} (null for JSON null) at kube-openapi path {@code path}. */
  static ValidationResult validate(StructuralSchema s, String path, JsonNode data) {
    ValidationResult result = new ValidationResult();
    GoKind kind = GoKind.of(data);
    if (kind == GoKind.NULL) {
      result.merge(validateType(s, path, null, kind));
      result.merge(validateEnum(s, path, null));
      return result;
    }
    String format = StringFormats.effective(s.validation().format());
    if (!s.validationTypes().isEmpty() || !format.isEmpty()) {
      result.merge(validateType(s, path, data, kind)).inc();
    }
    result.merge(validateComposition(s, path, data)).inc();
    if (kind == GoKind.STRING) {
      result.merge(validateString(s, path, data.asText())).inc();
      if (!format.isEmpty()) {
        result.merge(validateFormat(s, path, data.asText())).inc();
      }
    }
    if (kind == GoKind.INT || kind == GoKind.FLOAT) {
      result.merge(validateNumber(s, path, data, kind)).inc();
    }
    if (kind == GoKind.SLICE) {
      result.merge(validateSlice(s, path, data)).inc();
    }
    result.merge(validateEnum(s, path, data)).inc();
    if (kind == GoKind.MAP) {
      result.merge(validateObject(s, path, data)).inc();
    }
    result.inc();
    return result;
  }

  private static ValidationResult validateType(
      StructuralSchema s, String path, JsonNode data, GoKind kind) {
    ValidationResult ok = new ValidationResult();
    ok.inc();
    List<String> types = s.validationTypes();
    String typeNames = String.join(",", types);
    if (kind == GoKind.NULL) {
      if (!types.isEmpty() && !types.contains("null") && !s.nullable()) {
        return ValidationResult.failure(invalidType(path, typeNames, "null"));
      }
      return ok;
    }
    String format = StringFormats.effective(s.validation().format());
    boolean isFloatInt =
        kind == GoKind.FLOAT
            && isFloat64AJSONInteger(data.doubleValue())
            && types.contains("integer");
    boolean isIntFloat = kind == GoKind.INT && types.contains("number");
    boolean compound = kind == GoKind.STRING || kind == GoKind.SLICE;
    if (!compound
        && !format.isEmpty()
        && !(types.contains(kind.openApiType)
            || kind.openApiFormat.equals(format)
            || isFloatInt
            || isIntFloat)) {
      return ValidationResult.failure(invalidType(path, format, kind.openApiFormat));
    }
    // kube-openapi lets any string or array through a non-numeric type that has a format
    if (!(types.contains("number") || types.contains("integer")) && !format.isEmpty() && compound) {
      return ok;
    }
    if (!(types.contains(kind.openApiType) || isFloatInt || isIntFloat)) {
      return ValidationResult.failure(invalidType(path, typeNames, kind.openApiType));
    }
    return ok;
  }

  private static OpenApiError invalidType(String path, String typeName, String value) {
    return OpenApiError.of(
        Code.INVALID_TYPE,
        path,
        TextNode.valueOf(value),
        path + IN + " must be of type " + typeName + ": " + GoFormat.quote(value));
  }

  private static ValidationResult validateComposition(
      StructuralSchema s, String path, JsonNode data) {
    StructuralSchema.ValueValidation v = s.validation();
    ValidationResult main = new ValidationResult();
    if (!v.anyOf().isEmpty()) {
      ValidationResult best = null;
      ValidationResult firstSuccess = null;
      for (StructuralSchema sub : v.anyOf()) {
        ValidationResult r = validate(sub, path, data);
        if (r.isValid()) {
          best = null;
          firstSuccess = r;
          break;
        }
        if (best == null || r.matchCount() > best.matchCount()) {
          best = r;
        }
      }
      if (firstSuccess == null) {
        main.add(composite(GoFormat.quote(path) + " must validate at least one schema (anyOf)"));
      }
      main.merge(best != null ? best : firstSuccess);
    }
    if (!v.oneOf().isEmpty()) {
      ValidationResult best = null;
      ValidationResult firstSuccess = null;
      int validated = 0;
      for (StructuralSchema sub : v.oneOf()) {
        ValidationResult r = validate(sub, path, data);
        if (r.isValid()) {
          validated++;
          best = null;
          if (firstSuccess == null) {
            firstSuccess = r;
          }
          continue;
        }
        if (validated == 0 && (best == null || r.matchCount() > best.matchCount())) {
          best = r;
        }
      }
      if (validated != 1) {
        String found =
            validated == 0 ? "Found none valid" : "Found " + validated + " valid alternatives";
        main.add(
            composite(
                GoFormat.quote(path) + " must validate one and only one schema (oneOf). " + found));
        main.merge(best);
      } else {
        main.merge(firstSuccess);
      }
    }
    if (!v.allOf().isEmpty()) {
      int validated = 0;
      for (StructuralSchema sub : v.allOf()) {
        ValidationResult r = validate(sub, path, data);
        if (r.isValid()) {
          validated++;
        }
        main.merge(r);
      }
      if (validated != v.allOf().size()) {
        main.add(
            composite(
                GoFormat.quote(path)
                    + " must validate all the schemas (allOf)"
                    + (validated == 0 ? ". None validated" : "")));
      }
    }
    if (v.not() != null && validate(v.not(), path, data).isValid()) {
      main.add(composite(GoFormat.quote(path) + " must not validate the schema (not)"));
    }
    main.inc();
    return main;
  }

  private static OpenApiError composite(String message) {
    return OpenApiError.of(Code.COMPOSITE, "", null, message);
  }

  private static ValidationResult validateString(StructuralSchema s, String path, String data) {
    StructuralSchema.ValueValidation v = s.validation();
    TextNode value = TextNode.valueOf(data);
    long length = data.codePointCount(0, data.length());
    if (v.maxLength() != null && length > v.maxLength()) {
      return ValidationResult.failure(
          new OpenApiError(
              Code.TOO_LONG,
              path,
              value,
              v.maxLength(),
              List.of(),
              path + IN + " should be at most " + v.maxLength() + " chars long"));
    }
    if (v.minLength() != null && length < v.minLength()) {
      return ValidationResult.failure(
          OpenApiError.of(
              Code.TOO_SHORT,
              path,
              value,
              path + IN + " should be at least " + v.minLength() + " chars long"));
    }
    if (v.pattern() != null && !v.pattern().matches(data)) {
      return ValidationResult.failure(
          OpenApiError.of(
              Code.PATTERN,
              path,
              value,
              path + IN + " should match '" + v.pattern().source() + "'"));
    }
    return null;
  }

  private static ValidationResult validateFormat(StructuralSchema s, String path, String data) {
    String format = s.validation().format();
    if (StringFormats.validates(format, data)) {
      return null;
    }
    return ValidationResult.failure(
        OpenApiError.of(
            Code.INVALID_TYPE,
            path,
            TextNode.valueOf(data),
            path + IN + " must be of type " + format + ": " + GoFormat.quote(data)));
  }

  private static ValidationResult validateNumber(
      StructuralSchema s, String path, JsonNode data, GoKind kind) {
    StructuralSchema.ValueValidation v = s.validation();
    ValidationResult result = new ValidationResult();
    boolean integer = kind == GoKind.INT;
    if (v.multipleOf() != null) {
      result.merge(multipleOf(path, data, integer, v.multipleOf()));
    }
    if (v.minimum() != null) {
      result.merge(
          bound(path, data, integer, v.minimum(), v.exclusiveMinimum(), Code.MIN, "greater"));
    }
    if (v.maximum() != null) {
      result.merge(bound(path, data, integer, v.maximum(), v.exclusiveMaximum(), Code.MAX, "less"));
    }
    result.inc();
    return result;
  }

  private static ValidationResult multipleOf(
      String path, JsonNode data, boolean integer, double factor) {
    // kube-openapi truncates the factor for int64 values; a zero factor would divide by zero in Go
    if (integer && (long) factor != 0) {
      long f = (long) factor;
      if (f < 0) {
        return mustBePositive(path, LongNode.valueOf(f), Long.toString(f));
      }
      long x = data.longValue();
      if ((x / f) * f != x) {
        return notMultipleOf(path, data, Long.toString(f));
      }
      return null;
    }
    if (factor < 0) {
      return mustBePositive(path, DoubleNode.valueOf(factor), GoFormat.formatFloat(factor));
    }
    double x = data.doubleValue();
    double quotient = factor < 1 ? 1 / factor * x : x / factor;
    if (!isFloat64AJSONInteger(quotient)) {
      return notMultipleOf(path, data, GoFormat.formatFloat(factor));
    }
    return null;
  }

  private static ValidationResult mustBePositive(String path, JsonNode factor, String shown) {
    return ValidationResult.failure(
        OpenApiError.of(
            Code.MULTIPLE_OF_MUST_BE_POSITIVE,
            path,
            factor,
            "factor MultipleOf declared for " + path + " must be positive: " + shown));
  }

  private static ValidationResult notMultipleOf(String path, JsonNode data, String factor) {
    return ValidationResult.failure(
        OpenApiError.of(
            Code.MULTIPLE_OF, path, data, path + IN + " should be a multiple of " + factor));
  }

  /** minimum/maximum; int64 values are compared against the limit truncated to int64. */
  private static ValidationResult bound(
      String path,
      JsonNode data,
      boolean integer,
      double limit,
      boolean exclusive,
      Code code,
      String direction) {
    int cmp;
    String shown;
    if (integer) {
      long l = (long) limit;
      cmp = Long.compare(data.longValue(), l);
      shown = Long.toString(l);
    } else {
      cmp = Double.compare(data.doubleValue(), limit);
      if (data.doubleValue() == limit) {
        cmp = 0;
      }
      shown = GoFormat.formatFloat(limit);
    }
    boolean below = code == Code.MIN;
    boolean fails = below ? (exclusive ? cmp <= 0 : cmp < 0) : (exclusive ? cmp >= 0 : cmp > 0);
    if (!fails) {
      return null;
    }
    String relation = " should be " + direction + " than " + (exclusive ? "" : "or equal to ");
    return ValidationResult.failure(
        OpenApiError.of(code, path, data, path + IN + relation + shown));
  }

  private static ValidationResult validateSlice(StructuralSchema s, String path, JsonNode data) {
    StructuralSchema.ValueValidation v = s.validation();
    ValidationResult result = new ValidationResult();
    int size = data.size();
    if (s.items() != null) {
      for (int i = 0; i < size; i++) {
        result.merge(validate(s.items(), path + "[" + i + "]", data.get(i)));
      }
    }
    LongNode count = LongNode.valueOf(size);
    if (v.minItems() != null && size < v.minItems()) {
      result.add(
          OpenApiError.of(
              Code.MIN_ITEMS,
              path,
              count,
              path + IN + " should have at least " + v.minItems() + " items"));
    }
    if (v.maxItems() != null && size > v.maxItems()) {
      result.add(
          new OpenApiError(
              Code.MAX_ITEMS,
              path,
              count,
              v.maxItems(),
              List.of(),
              path + IN + " should have at most " + v.maxItems() + " items"));
    }
    if (v.uniqueItems() && hasDuplicates(data)) {
      result.add(
          OpenApiError.of(Code.UNIQUE, path, null, path + IN + " shouldn't contain duplicates"));
    }
    result.inc();
    return result;
  }

  private static boolean hasDuplicates(JsonNode list) {
    for (int i = 1; i < list.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (GoEquality.deepEqual(list.get(i), list.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  private static ValidationResult validateEnum(StructuralSchema s, String path, JsonNode data) {
    List<JsonNode> members = s.validation().enumMembers();
    if (members.isEmpty()) {
      return null;
    }
    for (JsonNode member : members) {
      if (GoEquality.enumMatches(data, member)) {
        return null;
      }
    }
    String shown =
        members.stream()
            .map(m -> m.isTextual() ? m.textValue() : GoFormat.json(m))
            .collect(Collectors.joining(" ", "[", "]"));
    return ValidationResult.failure(
        new OpenApiError(
            Code.ENUM, path, data, -1, members, path + IN + " should be one of " + shown));
  }

  private static ValidationResult validateObject(StructuralSchema s, String path, JsonNode data) {
    StructuralSchema.ValueValidation v = s.validation();
    ValidationResult result = new ValidationResult();
    int count = data.size();
    if (v.minProperties() != null && count < v.minProperties()) {
      result.add(
          new OpenApiError(
              Code.TOO_FEW_PROPERTIES,
              path,
              LongNode.valueOf(count),
              v.minProperties(),
              List.of(),
              path + IN + " should have at least " + v.minProperties() + " properties"));
    }
    if (v.maxProperties() != null && count > v.maxProperties()) {
      result.add(
          new OpenApiError(
              Code.TOO_MANY_PROPERTIES,
              path,
              LongNode.valueOf(count),
              v.maxProperties(),
              List.of(),
              path + IN + " should have at most " + v.maxProperties() + " properties"));
    }
    Map<String, StructuralSchema> properties = s.properties();
    StructuralSchema.AdditionalProperties additional = s.additionalProperties();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (properties.containsKey(e.getKey()) || additional == null) {
        continue;
      }
      if (!additional.allows()) {
        result.add(
            OpenApiError.of(
                Code.UNALLOWED_PROPERTY,
                path,
                TextNode.valueOf(e.getKey()),
                path + "." + e.getKey() + IN + " is a forbidden property"));
      } else if (additional.schema() != null) {
        result.merge(validate(additional.schema(), path + "." + e.getKey(), e.getValue()));
      }
    }
    for (Map.Entry<String, StructuralSchema> p : properties.entrySet()) {
      if (data.has(p.getKey())) {
        String name = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
        result.merge(validate(p.getValue(), name, data.get(p.getKey())));
      }
    }
    for (String required : v.required()) {
      if (!data.has(required)) {
        String name = path + "." + required;
        result.add(OpenApiError.of(Code.REQUIRED, name, null, name + IN + " is required"));
      }
    }
    return result;
  }

  /** go-openapi's IsFloat64AJSONInteger: integral, or within 1e-9 relative of an integer. */
  static boolean isFloat64AJSONInteger(double f) {
    double limit = (double) ((1L << 53) - 1);
    if (Double.isNaN(f) || Double.isInfinite(f) || f < -limit || f > limit) {
      return false;
    }
    double rounded = roundHalfAwayFromZero(f);
    if (f == rounded) {
      return true;
    }
    if (rounded == 0) {
      return false;
    }
    return Math.abs(f - rounded) < 1e-9 * Math.abs(rounded);
  }

  private static double roundHalfAwayFromZero(double f) {
    double abs = Math.abs(f);
    double r = Math.floor(abs);
    if (abs - r >= 0.5) {
      r += 1;
    }
    return Math.copySign(r, f);
  }
}
