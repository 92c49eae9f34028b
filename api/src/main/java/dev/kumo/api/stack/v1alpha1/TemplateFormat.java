package dev.kumo.api.stack.v1alpha1;

/** The language a template is written in. */
public enum TemplateFormat {
  /** Kumo's YAML template: resources are Kumo objects (apiVersion, kind, spec). */
  Kumo,
  /** A ZStack 2.5 JSON template (ZStackTemplateFormatVersion 2018-06-18), mapped to Kumo kinds. */
  ZStack
}
