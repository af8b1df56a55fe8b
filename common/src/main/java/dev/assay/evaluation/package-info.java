/**
 * The Spark side of evaluation: turns a predictions {@code Dataset} into the small,
 * order-independent summaries (score histograms of integer counts, exact sums) that the pure
 * definitions in {@code dev.assay.metrics} turn into metric values, and refuses bad input with
 * {@link dev.assay.errors.ExitCode#INPUT_DATA} before any number is computed.
 */
package dev.assay.evaluation;
