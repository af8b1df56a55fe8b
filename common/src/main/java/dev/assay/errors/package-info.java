/**
 * Every user-facing failure: {@link dev.assay.errors.AssayException} with its documented
 * {@link dev.assay.errors.ExitCode}, built by one factory class per area ({@code SpecErrors},
 * {@code UsageErrors}, {@code DataErrors}, {@code IngestErrors}, {@code EvaluationErrors},
 * {@code ModelErrors}, {@code LedgerErrors}, {@code GateErrors}, {@code ReproducibilityErrors}),
 * each method named for the failure and saying what failed, why and how to fix it (the Delta
 * Kernel {@code DeltaErrors} way), so no message is written twice. Depends on nothing else in Assay.
 */
package dev.assay.errors;
