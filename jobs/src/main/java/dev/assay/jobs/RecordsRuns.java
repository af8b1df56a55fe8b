package dev.assay.jobs;

import dev.assay.spec.LedgerSpec;

/**
 * A command that runs a job and so records its runs: an error raised before the job starts (a bad
 * spec or option) is recorded as a FAILED run in this ledger when that is cheap (see
 * {@link dev.assay.run.EarlyFailure}).
 */
interface RecordsRuns {
  /** The ledger root named on the command line; the default when the spec could not be read. */
  default String ledgerRoot() {
    return LedgerSpec.DEFAULT_ROOT;
  }
}
