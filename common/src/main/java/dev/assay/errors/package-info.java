/**
 * The exit-code contract ({@link dev.assay.errors.ExitCode}), the one exception type that carries it, and the
 * factories that build every user-facing failure: what failed, why, and how to fix it. The bottom layer: it
 * imports nothing else of Assay.
 */
package dev.assay.errors;
