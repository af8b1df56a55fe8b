/**
 * The ledger: Delta tables {@code runs}, {@code models}, {@code metrics}, {@code benchmarks} and
 * {@code data_drift} under one root, their schemas and typed records, idempotent MERGE writes with bounded
 * retry, and the catalog and analyst views over them. Imports {@code data}, {@code spec}, {@code version} and
 * {@code errors}; never the use cases that write it.
 */
package dev.assay.ledger;
