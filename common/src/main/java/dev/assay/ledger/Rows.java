package dev.assay.ledger;

import dev.assay.data.PinnedInputs;
import dev.assay.spec.Secrets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Conversions between ledger records and Spark rows, kept in one place so schemas stay aligned. */
final class Rows {
  private Rows() {}

  static Row dataVersion(PinnedInputs.Input in) {
    return RowFactory.create(in.role(), Secrets.redactUri(in.table()), in.version().tableId(), in.version().version(),
        new Timestamp(in.version().commitTimestampMillis()));
  }

  static Object dataVersions(List<PinnedInputs.Input> inputs) {
    return seq(inputs.stream().map(Rows::dataVersion).toList());
  }

  static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
  }

  /**
   * A Scala map of {@code map}'s entries in its order, the form a Spark row holds map values in (typed
   * {@code Object}: it only goes into {@code RowFactory.create}, and Scala's {@code Map} would clash with
   * Java's here).
   */
  static Object map(Map<?, ?> map) {
    return JavaConverters.mapAsScalaMap(new LinkedHashMap<>(map));
  }

  static Row run(RunRecord r) {
    return RowFactory.create(r.runId(), r.runKey(), r.command(), r.status().code(), r.startedAt(), r.endedAt(),
        Secrets.redactJson(r.spec()),
        r.codeVersion(), r.codeDirty(), r.projectVersion(), dataVersions(r.dataVersions()), r.sparkVersion(),
        r.xgboostVersion(), r.javaVersion(), r.master(), r.engine(), r.exitCode(),
        Secrets.redactText(r.error()),
        r.schedulerContext() == null ? null : map(Secrets.redact(r.schedulerContext())), r.user(), r.host(),
        r.deviceModel(), r.pid(), r.bootId(), r.pidNamespace(), r.processStartTicks());
  }

  static Row model(ModelRecord m) {
    return RowFactory.create(m.modelName(), m.modelVersion(), m.runId(), m.runKey(), m.algorithm().code(),
        m.task().code(),
        m.artifactUri(), m.boosterUri(), m.boosterFormat(), m.modelHash(), map(Secrets.redact(m.params())),
        seq(m.features()), m.label(), Secrets.redactJson(m.spec()), dataVersions(m.trainData()), m.trainRows(),
        m.seed(), m.numWorkers(), m.stage().code(), m.engine(),
        m.codeVersion(), m.xgboostVersion(), m.createdAt(), m.featureTransforms());
  }

  static Row metric(MetricRow m) {
    MetricKey k = m.key();
    return RowFactory.create(k.modelName(), k.modelVersion(), m.evalName(), Secrets.redactUri(m.evalTable()),
        k.evalTableId(),
        k.evalVersion(), k.evalFilter(), k.metricCodeVersion(), k.sliceColumn(), k.sliceValue(), k.metric(), m.value(),
        m.ciLow(), m.ciHigh(), m.ciMethod(), m.status(), m.nRows(), m.runId(), m.codeVersion(), m.engine(),
        m.computedAt(), m.deviceModel());
  }

  static MetricRow metric(Row r) {
    MetricKey key = new MetricKey(r.getAs("model_name"), r.<Integer>getAs("model_version"), r.getAs("eval_table_id"),
        r.<Long>getAs("eval_version"), r.getAs("eval_filter"), r.getAs("metric_code_version"), r.getAs("slice_column"),
        r.getAs("slice_value"), r.getAs("metric"));
    return new MetricRow(key, r.getAs("eval_name"), r.getAs("eval_table"), r.getAs("value"), r.getAs("ci_low"),
        r.getAs("ci_high"), r.getAs("status"), r.<Long>getAs("n_rows"), r.getAs("run_id"), r.getAs("code_version"),
        r.getAs("engine"), r.getAs("computed_at"), r.getAs("ci_method"), r.getAs("device_model"));
  }
}
