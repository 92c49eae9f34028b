package dev.kumo.apiserver.cel;

import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import dev.cel.validator.CelAstValidator;
import java.util.List;
import java.util.Map;

/**
 * Rejects {@code matches} calls whose pattern is a literal that is not a valid RE2 regex. Unlike
 * cel-java's own literal check, which uses {@code java.util.regex}, the pattern is tried with the
 * same engine {@code matches} runs with, so compile-time and run-time agree.
 */
final class Re2RegexLiteralValidator implements CelAstValidator {
  private static final String PATTERN = "pattern";

  private final Program probe;

  /** {@code base} must offer the standard {@code matches} function. */
  Re2RegexLiteralValidator(Cel base) {
    try {
      Cel cel = base.toCelBuilder().addVar(PATTERN, SimpleType.STRING).build();
      this.probe = cel.createProgram(cel.compile("''.matches(" + PATTERN + ")").getAst());
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the regex probe", e);
    }
  }

  @Override
  public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
    ast.getRoot()
        .allNodes()
        .map(node -> node.expr())
        .filter(expr -> expr.callOrDefault().function().equals("matches"))
        .forEach(expr -> check(expr.call(), issues));
  }

  private void check(CelExpr.CelCall call, IssuesFactory issues) {
    List<CelExpr> args = call.args();
    int patternIndex = call.target().isPresent() ? 0 : 1;
    if (args.size() <= patternIndex) {
      return;
    }
    CelExpr pattern = args.get(patternIndex);
    if (pattern.exprKind().getKind() != Kind.CONSTANT) {
      return;
    }
    try {
      probe.eval(Map.of(PATTERN, pattern.constant().stringValue()));
    } catch (CelEvaluationException e) {
      issues.addError(pattern.id(), "invalid matches argument: " + EvaluationErrors.describe(e));
    }
  }
}
