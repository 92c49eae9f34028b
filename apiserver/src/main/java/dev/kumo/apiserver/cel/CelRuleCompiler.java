package dev.kumo.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import dev.kumo.apiserver.schema.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles {@code x-kubernetes-validations} rules in the Kubernetes CEL environment, with {@code
 * self} typed from the schema node each rule sits on, and rejects what kube-apiserver rejects when
 * a CRD is created. Safe to share between threads.
 */
public final class CelRuleCompiler {
  private static final Set<String> REASONS =
      Set.of(
          "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate");

  private final BadValueStyle badValueStyle;
  private final AtomicLong typeNames = new AtomicLong();

  /** A compiler whose rules render failures as kube-apiserver 1.24–1.34 does. */
  public CelRuleCompiler() {
    this(BadValueStyle.SCHEMA_TYPE);
  }

  /** A compiler whose rules render the bad value of failures in the given style. */
  public CelRuleCompiler(BadValueStyle badValueStyle) {
    this.badValueStyle = badValueStyle;
  }

  /**
   * Compiles the rules declared directly on {@code schemaNode}; the node is a resource root only if
   * it is marked {@code x-kubernetes-embedded-resource}.
   *
   * @throws CelRuleCompilationException listing every rule that does not compile
   */
  public CompiledRules compile(JsonNode schemaNode) {
    SchemaView schema = SchemaView.of(schemaNode);
    return compileNode(schema, schema.isEmbeddedResource());
  }

  /**
   * Compiles the rules declared directly on the root schema of a resource, where {@code
   * apiVersion}, {@code kind}, {@code metadata.name} and {@code metadata.generateName} are always
   * visible.
   *
   * @throws CelRuleCompilationException listing every rule that does not compile
   */
  public CompiledRules compileResourceRoot(JsonNode schemaNode) {
    return compileNode(SchemaView.of(schemaNode), true);
  }

  /**
   * Compiles every rule in a CRD's {@code openAPIV3Schema} (through {@code properties}, {@code
   * items}, {@code additionalProperties} and {@code allOf}).
   *
   * @throws CelRuleCompilationException listing every rule that does not compile
   */
  public CompiledSchema compileSchema(JsonNode openApiV3Schema) {
    List<FieldError> problems = new ArrayList<>();
    SchemaView root = SchemaView.of(openApiV3Schema);
    CompiledSchema compiled =
        build(root, root, true, FieldPath.of("openAPIV3Schema"), null, problems);
    if (!problems.isEmpty()) {
      throw new CelRuleCompilationException(problems);
    }
    return compiled == null ? CompiledSchema.empty(root) : compiled;
  }

  private CompiledRules compileNode(SchemaView schema, boolean resourceRoot) {
    List<FieldError> problems = new ArrayList<>();
    CompiledRules rules =
        compileRules(schema.rules(), schema, resourceRoot, FieldPath.root(), null, problems);
    if (!problems.isEmpty()) {
      throw new CelRuleCompilationException(problems);
    }
    return rules;
  }

  /**
   * Mirrors Kubernetes' validator tree: rules of {@code validation} run against values of {@code
   * node} (they differ only under {@code allOf}). Returns {@code null} when the subtree has no
   * rules.
   *
   * @param uncorrelatable where the schema stops matching old values to new ones (list items other
   *     than {@code x-kubernetes-list-type: map}), or {@code null} while they still match
   */
  private CompiledSchema build(
      SchemaView validation,
      SchemaView node,
      boolean resourceRoot,
      FieldPath schemaPath,
      String uncorrelatable,
      List<FieldError> problems) {
    if (!hasRules(validation)) {
      return null;
    }
    CompiledRules rules =
        compileRules(validation.rules(), node, resourceRoot, schemaPath, uncorrelatable, problems);

    CompiledSchema items = null;
    if (validation.items().isPresent() && node.items().isPresent()) {
      SchemaView nodeItems = node.items().get();
      FieldPath itemsPath = schemaPath.child("items");
      String itemsUncorrelatable =
          uncorrelatable != null || node.listType().equals("map")
              ? uncorrelatable
              : itemsPath.toString();
      items =
          build(
              validation.items().get(),
              nodeItems,
              nodeItems.isEmbeddedResource(),
              itemsPath,
              itemsUncorrelatable,
              problems);
    }

    String childUncorrelatable =
        uncorrelatable != null || node.isCorrelatableMap() ? uncorrelatable : schemaPath.toString();
    Map<String, CompiledSchema> properties = new LinkedHashMap<>();
    validation
        .properties()
        .forEach(
            (name, property) -> {
              SchemaView nodeProperty = node.properties().get(name);
              if (nodeProperty == null) {
                return;
              }
              CompiledSchema compiled =
                  build(
                      property,
                      nodeProperty,
                      nodeProperty.isEmbeddedResource(),
                      schemaPath.child("properties").key(name),
                      childUncorrelatable,
                      problems);
              if (compiled != null) {
                properties.put(name, compiled);
              }
            });

    CompiledSchema additionalProperties = null;
    if (validation.additionalProperties().isPresent() && node.additionalProperties().isPresent()) {
      SchemaView values = node.additionalProperties().get();
      additionalProperties =
          build(
              validation.additionalProperties().get(),
              values,
              values.isEmbeddedResource(),
              schemaPath.child("additionalProperties"),
              childUncorrelatable,
              problems);
    }

    List<CompiledSchema> allOf = new ArrayList<>();
    List<SchemaView> allOfSchemas = validation.allOf();
    for (int i = 0; i < allOfSchemas.size(); i++) {
      CompiledSchema compiled =
          build(
              allOfSchemas.get(i),
              node,
              resourceRoot,
              schemaPath.child("allOf").index(i),
              uncorrelatable,
              problems);
      if (compiled != null) {
        allOf.add(compiled);
      }
    }
    return new CompiledSchema(node, rules, items, properties, additionalProperties, allOf);
  }

  private static boolean hasRules(SchemaView schema) {
    return !schema.rules().isEmpty()
        || schema.items().map(CelRuleCompiler::hasRules).orElse(false)
        || schema.additionalProperties().map(CelRuleCompiler::hasRules).orElse(false)
        || schema.properties().values().stream().anyMatch(CelRuleCompiler::hasRules)
        || schema.allOf().stream().anyMatch(CelRuleCompiler::hasRules);
  }

  private CompiledRules compileRules(
      List<CelRule> rules,
      SchemaView node,
      boolean resourceRoot,
      FieldPath schemaPath,
      String uncorrelatable,
      List<FieldError> problems) {
    List<CompiledRule> compiled = new ArrayList<>();
    if (!rules.isEmpty()) {
      SchemaCelTypes.SelfType self =
          SchemaCelTypes.of(node, resourceRoot, "selfType" + typeNames.getAndIncrement());
      Cel oldSelfEnv = KubernetesCelEnvironment.forSelf(self, false);
      Cel optionalOldSelfEnv = null;
      for (int i = 0; i < rules.size(); i++) {
        CelRule rule = rules.get(i);
        Cel env = oldSelfEnv;
        if (rule.optionalOldSelf()) {
          if (optionalOldSelfEnv == null) {
            optionalOldSelfEnv = KubernetesCelEnvironment.forSelf(self, true);
          }
          env = optionalOldSelfEnv;
        }
        FieldPath rulePath = schemaPath.child(CelRule.EXTENSION).index(i);
        RuleProblems ruleProblems = new RuleProblems(rulePath, problems);
        CompiledRule result = compileRule(rule, env, node, uncorrelatable, ruleProblems);
        if (result != null && !ruleProblems.any) {
          compiled.add(result);
        }
      }
    }
    return new CompiledRules(compiled, node, resourceRoot, badValueStyle);
  }

  private CompiledRule compileRule(
      CelRule rule, Cel env, SchemaView node, String uncorrelatable, RuleProblems problems) {
    checkDeclaration(rule, node, problems);
    if (rule.rule() == null || rule.rule().isBlank()) {
      problems.add(FieldError.required(problems.path.child("rule"), ""));
      return null;
    }
    CelAbstractSyntaxTree ast =
        check(env, rule.rule(), SimpleType.BOOL, "rule", "compilation failed: ", problems);
    if (ast == null) {
      return null;
    }
    boolean usesOldSelf =
        ast.getReferenceMap().values().stream()
            .anyMatch(reference -> reference.name().equals(KubernetesCelEnvironment.OLD_SELF));
    if (usesOldSelf && uncorrelatable != null) {
      problems.add(
          FieldError.invalid(
              problems.path.child("rule"),
              rule.rule(),
              "oldSelf cannot be used on the uncorrelatable portion of the schema within "
                  + uncorrelatable));
    }
    if (rule.optionalOldSelf() && !usesOldSelf) {
      problems.add(
          FieldError.invalid(
              problems.path.child("optionalOldSelf"),
              true,
              "may not be set if oldSelf is not used in rule"));
    }
    Program messageProgram = null;
    if (rule.messageExpression() != null && !rule.messageExpression().isBlank()) {
      CelAbstractSyntaxTree messageAst =
          check(
              env,
              rule.messageExpression(),
              SimpleType.STRING,
              "messageExpression",
              "messageExpression compilation failed: ",
              problems);
      messageProgram = messageAst == null ? null : program(env, messageAst, problems);
    }
    String errorFieldPath = null;
    if (rule.fieldPath() != null && !rule.fieldPath().isEmpty()) {
      try {
        String normalized = RuleFieldPaths.normalize(rule.fieldPath(), node);
        errorFieldPath = normalized.isEmpty() ? null : normalized;
      } catch (IllegalArgumentException e) {
        problems.add(
            FieldError.invalid(
                problems.path.child("fieldPath"),
                rule.fieldPath(),
                "fieldPath must be a valid path: " + e.getMessage()));
      }
    }
    Program program = program(env, ast, problems);
    return program == null
        ? null
        : new CompiledRule(rule, program, messageProgram, usesOldSelf, errorFieldPath);
  }

  private static void checkDeclaration(CelRule rule, SchemaView node, RuleProblems problems) {
    if (rule.reason() != null && !REASONS.contains(rule.reason())) {
      problems.add(
          new FieldError(
              dev.kumo.apiserver.schema.FieldError.Type.NOT_SUPPORTED,
              problems.path.child("reason").toString(),
              rule.reason(),
              "supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\","
                  + " \"FieldValueInvalid\", \"FieldValueRequired\""));
    }
    String message = rule.message();
    if (message != null && !message.isEmpty()) {
      if (message.isBlank()) {
        problems.add(
            FieldError.invalid(
                problems.path.child("message"), message, "message must be non-empty if specified"));
      } else if (message.indexOf('\n') >= 0) {
        problems.add(
            FieldError.invalid(
                problems.path.child("message"), message, "message must not contain line breaks"));
      }
    }
  }

  /** Parses, type-checks and validates {@code expression}; reports and returns null on failure. */
  private static CelAbstractSyntaxTree check(
      Cel env,
      String expression,
      CelType expectedType,
      String field,
      String failurePrefix,
      RuleProblems problems) {
    FieldPath path = problems.path.child(field);
    CelAbstractSyntaxTree ast;
    try {
      ast = env.compile(expression).getAst();
    } catch (CelValidationException e) {
      problems.add(FieldError.invalid(path, expression, failurePrefix + e.getMessage()));
      return null;
    }
    CelValidationResult validation = KubernetesCelEnvironment.astValidator(env).validate(ast);
    if (validation.hasError()) {
      problems.add(
          FieldError.invalid(path, expression, failurePrefix + validation.getErrorString()));
      return null;
    }
    if (!ast.getResultType().equals(expectedType)) {
      String detail =
          expectedType.equals(SimpleType.BOOL)
              ? "cel expression must evaluate to a bool"
              : "messageExpression must evaluate to a string";
      problems.add(FieldError.invalid(path, expression, detail));
      return null;
    }
    return ast;
  }

  private static Program program(Cel env, CelAbstractSyntaxTree ast, RuleProblems problems) {
    try {
      return env.createProgram(ast);
    } catch (CelEvaluationException e) {
      problems.add(
          FieldError.invalid(
              problems.path, ast.getSource().getContent().toString(), e.getMessage()));
      return null;
    }
  }

  /** Collects the problems of one rule, remembering whether there were any. */
  private static final class RuleProblems {
    final FieldPath path;
    private final List<FieldError> all;
    boolean any;

    RuleProblems(FieldPath path, List<FieldError> all) {
      this.path = path;
      this.all = all;
    }

    void add(FieldError problem) {
      all.add(problem);
      any = true;
    }
  }
}
