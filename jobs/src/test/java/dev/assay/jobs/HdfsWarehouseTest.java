package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.io.File;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables on {@code hdfs://}: a real in-process HDFS (NameNode and DataNode of Hadoop 3.3.4, the
 * client Spark 3.5.5 ships) holds the warehouse: demo tables, model artifacts and the ledger of a
 * demo-data, train and evaluate round trip, all addressed as {@code hdfs://} URIs. Tagged slow: an
 * HDFS start plus three jobs is over the default suite's 90 s budget on two shared cores.
 */
@Tag("slow")
class HdfsWarehouseTest {
  @TempDir
  static File base;

  static MiniDFSCluster dfs;
  static String warehouse;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    warehouse = "hdfs://127.0.0.1:" + dfs.getNameNodePort() + "/assay";
  }

  @AfterAll
  static void stopHdfs() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  void trainAndEvaluateRoundTripOnHdfs() throws Exception {
    String spec = ScriptRun.ROOT.resolve("conf/specs/demo-xgb.yaml").toString();
    assertOk(CliRun.in(warehouse, "demo-data", "--train-rows", "1000", "--eval-rows", "400"));
    assertOk(CliRun.in(warehouse, "train", "--spec", spec, "--set", "model.params.num_round=3",
        "--set", "data.eval={holdout: {table: demo/eval, version: 0}}"));
    CliRun.Result eval = CliRun.in(warehouse, "evaluate", "--model", "churn-xgb:1",
        "--eval", "recent=demo/eval@1");
    assertOk(eval);

    SparkSession spark = SparkTestBase.sharedSession();
    List<Row> models = spark.read().format("delta").load(warehouse + "/ledger/models")
        .select("artifact_uri", "booster_uri").collectAsList();
    assertThat(models).hasSize(1);
    String artifact = models.get(0).getString(0);
    String booster = models.get(0).getString(1);
    assertThat(artifact).startsWith(warehouse + "/");
    assertThat(booster).startsWith(warehouse + "/");
    FileSystem fs = FileSystem.get(URI.create(warehouse), spark.sparkContext().hadoopConfiguration());
    assertThat(fs.exists(new Path(artifact))).isTrue();
    assertThat(fs.getFileStatus(new Path(booster)).getLen()).isPositive();

    List<Row> metrics = spark.read().format("delta").load(warehouse + "/ledger/metrics")
        .where("metric = 'roc_auc' and slice_column is null").select("eval_name", "eval_table", "eval_version", "value")
        .orderBy("eval_version").collectAsList();
    assertThat(metrics).extracting(r -> r.getString(0)).containsExactly("holdout", "recent");
    assertThat(metrics).extracting(r -> r.getString(1)).containsOnly("demo/eval");
    assertThat(metrics).extracting(r -> r.getDouble(3)).allMatch(v -> v > 0.5 && v <= 1.0);
    // Rerunning the evaluation reads the stored rows back from HDFS and writes no metric twice.
    List<String> before = LedgerRows.metrics(spark, warehouse + "/ledger");
    assertOk(CliRun.in(warehouse, "evaluate", "--model", "churn-xgb:1", "--eval", "recent=demo/eval@1"));
    assertThat(LedgerRows.metrics(spark, warehouse + "/ledger")).isEqualTo(before);
  }

  private static void assertOk(CliRun.Result r) {
    assertThat(r.code()).as(r.err()).isZero();
  }
}
