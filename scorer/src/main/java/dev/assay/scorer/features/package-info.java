/** A package's feature pipeline for one row at a time: the inputs cast, derived, transformed, imputed and coded. */
package dev.assay.scorer.features;
