/**
 * Versioned inputs: Delta time-travel reads pinned once per job ({@link dev.assay.data.PinnedInputs}), table
 * identity and available versions ({@link dev.assay.data.DeltaVersions}), row filters, and ingesting files as a
 * new table version. Imports only {@code spec}, {@code version} and {@code errors} from Assay.
 */
package dev.assay.data;
