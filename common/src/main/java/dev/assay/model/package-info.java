/**
 * Models as Spark ML pipelines: trainers (XGBoost, MLlib), scoring, ensembles of registered models, artifact
 * storage and hashing, input checks and single-row latency. Imports {@code gpu}, {@code spec},
 * {@code version} and {@code errors}; it knows nothing of the ledger or of runs.
 */
package dev.assay.model;
