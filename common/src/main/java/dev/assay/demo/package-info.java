/**
 * The deterministic demo dataset (a churn table, two versions each of train and eval) built from a seed by
 * hashing, so that every machine writes the same rows. Imports only {@code errors} from Assay.
 */
package dev.assay.demo;
