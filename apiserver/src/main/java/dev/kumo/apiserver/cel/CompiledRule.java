package dev.kumo.apiserver.cel;

import dev.cel.runtime.Program;

/**
 * One rule ready to run.
 *
 * @param rule the rule as declared
 * @param program the compiled rule
 * @param messageProgram the compiled {@code messageExpression}; {@code null} when there is none
 * @param usesOldSelf whether the rule is a transition rule
 * @param errorFieldPath the normalized {@code fieldPath} errors are reported at, relative to the
 *     node; {@code null} to report them on the node itself
 */
record CompiledRule(
    CelRule rule,
    Program program,
    Program messageProgram,
    boolean usesOldSelf,
    String errorFieldPath) {}
