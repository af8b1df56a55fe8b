package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.data.SnapshotWarming;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The overwrite of a slice (what {@code score} writes) reads the state {@link SnapshotWarming} computed in the
 * background, in a session of its own (the command's settings are never touched), and a table the warming cannot
 * read is left to the write, which reports it.
 */
class SnapshotWarmingTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void anOverwriteOfASliceReadsTheWarmedState() throws Exception {
    String path = dir.resolve("scores").toString();
    for (int v = 0; v < 3; v++) {
      spark.range(100).selectExpr("id", "id % 4 AS part", v + " AS v").write().format("delta")
          .mode(v == 0 ? "overwrite" : "append").partitionBy("part").save(path);
    }
    long latest = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
    spark.conf().set(InterpretedQueries.WHOLE_STAGE, "true");
    try {
      SnapshotWarming.start(InterpretedQueries.session(spark), path).await();
      assertThat(spark.conf().get(InterpretedQueries.WHOLE_STAGE)).isEqualTo("true");
    } finally {
      spark.conf().unset(InterpretedQueries.WHOLE_STAGE);
    }
    List<String> jobs = SparkJobs.during(spark, () -> spark.range(10).selectExpr("id", "1L AS part", "9 AS v").write()
        .format("delta").mode("overwrite").option("replaceWhere", "part = 1").save(path));
    assertThat(jobs).isNotEmpty().noneMatch(j -> j.equals("Delta: Compute snapshot for version: " + latest));
    assertThat(spark.read().format("delta").load(path).where("part = 1").count()).isEqualTo(10);
  }

  @Test
  void aTableThatCannotBeReadIsLeftToTheWrite() throws Exception {
    Path log = Files.createDirectories(dir.resolve("broken/_delta_log"));
    Files.writeString(log.resolve("00000000000000000000.json"), "not a commit\n");
    SnapshotWarming.start(InterpretedQueries.session(spark), dir.resolve("broken").toString()).await();
    SnapshotWarming.start(InterpretedQueries.session(spark), dir.resolve("none").toString()).await();
    assertThat(Files.exists(dir.resolve("none"))).isFalse();
  }
}
