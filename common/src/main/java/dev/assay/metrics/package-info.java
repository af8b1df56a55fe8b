/**
 * Metric definitions as pure Java: no Spark types, so every number Assay stores can be checked
 * by hand, in unit tests that run in microseconds, and recomputed outside a cluster.
 *
 * <p>Every result here is a deterministic function of its inputs: integer counts where a metric
 * allows it, exact sums ({@link dev.assay.metrics.ExactSum}) where order would otherwise leak into
 * the bits, and a fixed summation order otherwise. {@link dev.assay.metrics.MetricCodeVersion}
 * names the version of these definitions.
 */
package dev.assay.metrics;
