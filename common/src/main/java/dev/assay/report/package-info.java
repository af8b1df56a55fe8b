/**
 * What analysts read: the self-contained HTML report (data collected from the ledger views, rendered with
 * escaped text) and aligned-text or CSV tables of query results. Imports {@code ledger}, {@code spec} and
 * {@code errors}.
 */
package dev.assay.report;
