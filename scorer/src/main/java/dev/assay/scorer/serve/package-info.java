/** The small HTTP endpoint over a loaded package ({@code assay serve}). */
package dev.assay.scorer.serve;
