/**
 * Model packages for serving outside Spark ({@code assay export}): what a package holds is built here from a
 * registered model's pipeline (the feature stage as data, the category vocabularies, the feature vector's order,
 * the booster files) and its golden examples scored by Spark; the format and its scorer are the Spark-free
 * {@code dev.assay.scorer} module, which export uses to check every package it writes.
 */
package dev.assay.packaging;
