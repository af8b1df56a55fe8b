/**
 * Use cases, one class per command (train, evaluate, reevaluate, gate, retrain, score, benchmark, ensemble,
 * verify, ingest, demo data, report, ledger listings and the ledger check): each pins its inputs, calls the
 * layers below and returns a {@link dev.assay.run.JobResult}. The top layer of the library; only the CLI imports it.
 */
package dev.assay.usecase;
