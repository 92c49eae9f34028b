/**
 * Kumo's cluster-side reconcilers (ZStack's management node re-expressed as reconcile loops) and
 * the pure planners they use. Planners take the objects they decide about and return a decision;
 * they never read or write the API themselves, so they are tested exhaustively without a server.
 */
package dev.kumo.reconcilers;
