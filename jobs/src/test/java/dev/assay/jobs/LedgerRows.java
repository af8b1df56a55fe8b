package dev.assay.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A ledger's models and metrics as sorted text lines that compare bit for bit: doubles as their raw
 * IEEE-754 bits in hex, paths and run ids (which differ between warehouses and runs) left out.
 */
final class LedgerRows {
  private LedgerRows() {}

  static List<String> metrics(SparkSession spark, String ledgerRoot) {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.read().format("delta").load(ledgerRoot + "/metrics").collectAsList()) {
      lines.add(String.join("|", r.getAs("model_name"), String.valueOf(r.<Integer>getAs("model_version")),
          String.valueOf(r.<String>getAs("eval_name")), r.getAs("eval_table_id"),
          String.valueOf(r.<Long>getAs("eval_version")), String.valueOf(r.<String>getAs("eval_filter")),
          r.getAs("metric_code_version"), String.valueOf(r.<String>getAs("slice_column")),
          String.valueOf(r.<String>getAs("slice_value")), r.getAs("metric"), bits(r.getAs("value")),
          bits(r.getAs("ci_low")), bits(r.getAs("ci_high")), r.getAs("status"),
          String.valueOf(r.<Long>getAs("n_rows"))));
    }
    lines.sort(null);
    return lines;
  }

  static List<String> models(SparkSession spark, String ledgerRoot) {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.read().format("delta").load(ledgerRoot + "/models").collectAsList()) {
      lines.add(String.join("|", r.getAs("model_name"), String.valueOf(r.<Integer>getAs("model_version")),
          r.getAs("algorithm"), r.getAs("model_hash"), String.valueOf(r.<Long>getAs("train_rows")),
          String.valueOf(r.<Integer>getAs("num_workers"))));
    }
    lines.sort(null);
    return lines;
  }

  /** Stored whole-table metric values (no slice) of one model version on one evaluation version, by metric name. */
  static Map<String, Double> stored(SparkSession spark, String ledgerRoot, String model, int version,
      long evalVersion) {
    Map<String, Double> m = new HashMap<>();
    for (Row r : spark.read().format("delta").load(ledgerRoot + "/metrics").where(col("model_name").equalTo(model)
        .and(col("model_version").equalTo(version)).and(col("eval_version").equalTo(evalVersion))
        .and(col("slice_column").isNull())).collectAsList()) {
      m.put(r.getAs("metric"), r.getAs("value"));
    }
    return m;
  }

  private static String bits(Double d) {
    return d == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(d));
  }
}
