/**
 * The one place a SparkSession is configured (Delta extensions, quiet logs, profiles), so that jobs, tests
 * and benchmarks run with the same settings. Imports nothing else of Assay.
 */
package dev.assay.spark;
