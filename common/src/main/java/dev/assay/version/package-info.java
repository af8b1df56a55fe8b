/**
 * Identities without Spark: the builds code version, data versions (Delta table id and version), library
 * versions that change results, and run keys (SHA-256 over canonical inputs). Imports only {@code errors}.
 */
package dev.assay.version;
