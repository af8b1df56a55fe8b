/**
 * Models from other frameworks as ONNX graphs: reading a file's header, inspecting its inputs and outputs with
 * ONNX Runtime, binding a spec's features and score to them, and the Spark stage that scores rows on the
 * executors with one cached ONNX Runtime session per JVM. Uses Spark, specs and errors; knows nothing of the
 * ledger.
 */
package dev.assay.onnx;
