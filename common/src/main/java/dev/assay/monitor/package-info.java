/**
 * Monitoring: anomaly checks over the history the ledger keeps (a metric across evaluation or model
 * versions, drift across table versions, latency across benchmarks). The judging itself is plain Java over
 * ordered points, so the same series gives the same verdicts, bit for bit. Imports {@code spec} and
 * {@code errors}.
 */
package dev.assay.monitor;
