package dev.kumo.crds;

import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.github.therapi.runtimejavadoc.ClassJavadoc;
import com.github.therapi.runtimejavadoc.Comment;
import com.github.therapi.runtimejavadoc.CommentText;
import com.github.therapi.runtimejavadoc.InlineLink;
import com.github.therapi.runtimejavadoc.InlineTag;
import com.github.therapi.runtimejavadoc.InlineValue;
import com.github.therapi.runtimejavadoc.RuntimeJavadoc;
import java.lang.reflect.Field;

/**
 * Gives Jackson — and through it fabric8's CRD generator — each field's Javadoc as its property
 * description, so the model's Javadoc is the single source of `kubectl explain` text. The therapi
 * annotation processor keeps the Javadoc in the api jar.
 */
final class JavadocDescriptions extends JacksonAnnotationIntrospector {

  @Override
  public String findPropertyDescription(Annotated annotated) {
    String explicit = super.findPropertyDescription(annotated);
    if (explicit != null || !(annotated instanceof AnnotatedField field)) {
      return explicit;
    }
    String doc = ofField(field.getAnnotated());
    Class<?> type = field.getRawType();
    return type.isEnum() ? withValues(doc, type) : doc;
  }

  /** Appends the documented constants of an enum, as `kubectl explain` readers want to see them. */
  private static String withValues(String doc, Class<?> enumType) {
    StringBuilder out = new StringBuilder(doc == null ? "" : doc);
    var constants = RuntimeJavadoc.getJavadoc(enumType).getEnumConstants();
    if (constants.isEmpty()) {
      return doc;
    }
    out.append("\n\nPossible values:");
    for (Object constant : enumType.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      out.append("\n - \"").append(name).append('"');
      constants.stream()
          .filter(c -> c.getName().equals(name))
          .map(c -> text(c.getComment()))
          .filter(t -> t != null)
          .findFirst()
          .ifPresent(t -> out.append(": ").append(t));
    }
    return out.toString();
  }

  /** The Javadoc of a field as plain text, or null when it has none. */
  static String ofField(Field field) {
    return RuntimeJavadoc.getJavadoc(field.getDeclaringClass()).getFields().stream()
        .filter(f -> f.getName().equals(field.getName()))
        .findFirst()
        .map(f -> text(f.getComment()))
        .orElse(null);
  }

  /** The Javadoc of a class as plain text, or null when it has none. */
  static String ofClass(Class<?> type) {
    ClassJavadoc doc = RuntimeJavadoc.getJavadoc(type);
    return doc.isEmpty() ? null : text(doc.getComment());
  }

  /** Renders a comment as the single-paragraph plain text Kubernetes descriptions use. */
  private static String text(Comment comment) {
    StringBuilder out = new StringBuilder();
    comment.forEach(
        element -> {
          if (element instanceof CommentText t) {
            out.append(t.getValue());
          } else if (element instanceof InlineLink link) {
            out.append(
                link.getLink().getReferencedMemberName() != null
                    ? link.getLink().getReferencedMemberName()
                    : link.getLink().getReferencedClassName());
          } else if (element instanceof InlineTag tag) {
            out.append(tag.getValue());
          } else if (element instanceof InlineValue value) {
            out.append(value.getValue().getReferencedMemberName());
          }
        });
    String result = out.toString().replaceAll("\\s+", " ").trim();
    return result.isEmpty() ? null : result;
  }
}
