/**
 * The exit-code contract ({@link dev.assay.errors.ExitCode}), the one exception type that carries it, and the
 * factories that build every user-facing failure, one class per area ({@code SpecErrors}, {@code UsageErrors},
 * {@code DataErrors}, {@code IngestErrors}, {@code EvaluationErrors}, {@code ModelErrors}, {@code LedgerErrors},
 * {@code GateErrors}, {@code ReproducibilityErrors}, {@code FeatureErrors}): each method is named for the
 * failure and says what failed, why, and how to fix it, so no message is written twice. The bottom layer: it
 * imports nothing else of Assay.
 */
package dev.assay.errors;
