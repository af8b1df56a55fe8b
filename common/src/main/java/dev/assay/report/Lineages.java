package dev.assay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The champions' lineage from the {@code lineage} and {@code champions} views, one entry per champion. */
final class Lineages {
  static final int MAX_CHAMPIONS = 6;

  private Lineages() {}

  static List<ReportData.Lineage> collect(SparkSession spark) {
    List<Row> champions = spark.sql("SELECT model_name, model_version, algorithm, model_hash, code_version "
        + "FROM champions ORDER BY model_name LIMIT " + MAX_CHAMPIONS).collectAsList();
    List<ReportData.Lineage> out = new ArrayList<>();
    for (Row c : champions) {
      List<Row> edges = spark.table("lineage")
          .where(String.format("model_name = '%s' AND model_version = %d", c.getString(0).replace("'", "\\'"),
              c.getInt(1)))
          .orderBy("step", "data_table", "data_version", "role").collectAsList();
      List<String> train = new ArrayList<>();
      List<String> evals = new ArrayList<>();
      Map<String, List<String>> scores = new LinkedHashMap<>();
      for (Row e : edges) {
        String data = e.<String>getAs("data_table") + "@v" + e.<Long>getAs("data_version");
        switch (e.<String>getAs("kind")) {
          case "train_data" -> train.add(String.format("%s (table %s, %s rows)", data,
              shortId(e.getAs("data_table_id")), e.<Long>getAs("n_rows")));
          case "evaluation" -> evals.add(String.format(Locale.ROOT, "%s%s: %s = %s", data,
              e.getAs("eval_filter") == null ? "" : " where " + e.getAs("eval_filter"), e.<String>getAs("metric"),
              CollectReport.format(e.<Double>getAs("value"))));
          default -> scores.computeIfAbsent(e.<String>getAs("run_id"), k -> new ArrayList<>())
              .add(e.<String>getAs("role") + " " + data);
        }
      }
      List<String> scoreLines = new ArrayList<>();
      scores.forEach((run, parts) -> scoreLines.add("run " + shortId(run) + ": " + String.join(", ", parts)));
      out.add(new ReportData.Lineage(c.getString(0) + ":" + c.getInt(1), String.format("%s, hash %s, code %s",
          c.getString(2), shortId(c.getString(3)), shortId(c.getString(4))), train, evals, scoreLines));
    }
    return out;
  }

  private static String shortId(String id) {
    return id == null ? "—" : id.substring(0, Math.min(12, id.length()));
  }
}
