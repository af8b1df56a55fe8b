/**
 * Scores rows with an exported model package, without Spark or Hadoop: the package's manifest, its checks
 * (file checksums, golden examples), the feature pipeline as data and the model runtimes.
 */
package dev.assay.scorer;
