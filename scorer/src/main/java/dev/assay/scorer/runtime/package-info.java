/**
 * The model runtimes of the packaged scorer, one per model family, each computing what its Spark model computes in
 * Spark's order of operations (XGBoost4J, netlib's BLAS for logistic regression, a tree walk for random forests,
 * ONNX Runtime, LightGBM's native library), and the JSON files of the models the scorer re-implements.
 */
package dev.assay.scorer.runtime;
