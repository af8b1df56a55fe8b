/**
 * Evaluation core: scores a model on pinned evaluation versions and turns predictions into the small,
 * order-independent summaries (integer-count histograms, exact sums) that the pure definitions in
 * {@code dev.assay.metrics} turn into metric rows; plans the model × dataset × metric-code matrix; saves rows
 * and refuses a recomputed value that differs from the stored one. Refuses bad input with
 * {@link dev.assay.errors.ExitCode#INPUT_DATA} before any number is computed. Imports {@code run},
 * {@code ledger}, {@code model}, {@code metrics} and the bottom layer.
 */
package dev.assay.evaluation;
