/**
 * {@code scripts/bench}: Assay side by side with the bare libraries in the same JVM run, reported as ratios.
 * Not part of the application jar.
 */
package dev.assay.bench;
