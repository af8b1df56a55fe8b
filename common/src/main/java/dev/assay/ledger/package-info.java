/**
 * The ledger: Delta tables {@code runs}, {@code models}, {@code metrics}, {@code benchmarks} and
 * {@code data_drift} under one root, their schemas, table properties and typed records, idempotent MERGE writes
 * with bounded retry, each commit tagged with the run that made it, point lookups of the small tables read on
 * the driver with Delta Kernel, the commit history {@code ledger check} reads, and the catalog and analyst views
 * over them. Imports {@code data}, {@code spec}, {@code version} and
 * {@code errors}; never the use cases that write it.
 */
package dev.assay.ledger;
