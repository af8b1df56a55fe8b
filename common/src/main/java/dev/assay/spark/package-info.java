/**
 * The one place a SparkSession is configured (Delta extensions, quiet logs, profiles), so that jobs, tests
 * and benchmarks run with the same settings. Also checks that a cluster can run the job before
 * it starts. Imports nothing else of Assay but its errors.
 */
package dev.assay.spark;
