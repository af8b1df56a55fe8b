/**
 * The run runtime every job shares: the {@link dev.assay.run.JobContext} a run carries, the
 * {@link dev.assay.run.JobRunner} that writes RUNNING then SUCCEEDED/SKIPPED/FAILED and rolls back on
 * failure, recovery of runs whose process died, scheduler-rerun detection, step logging and crash points.
 * Imports {@code ledger}, {@code model}, {@code data}, {@code gpu} and the bottom layer; never a use case.
 */
package dev.assay.run;
