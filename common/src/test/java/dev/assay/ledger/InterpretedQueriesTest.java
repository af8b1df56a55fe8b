package dev.assay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * Ledger queries run interpreted ({@link InterpretedQueries}): inside, Spark plans no generated code; after, the
 * session holds what it held before (a value or nothing), also when the query fails; and a ledger read and
 * commit give the same rows as with code generation.
 */
class InterpretedQueriesTest extends SparkTestBase {
  @TempDir
  Path dir;

  private Option<String> wholeStage;
  private Option<String> factoryMode;

  @BeforeEach
  void remember() {
    // The test JVMs run interpreted already (test.jvm.flags): start each test from code generation.
    RuntimeConfig conf = spark.conf();
    wholeStage = conf.getOption(InterpretedQueries.WHOLE_STAGE);
    factoryMode = conf.getOption(InterpretedQueries.FACTORY_MODE);
    conf.set(InterpretedQueries.WHOLE_STAGE, "true");
    conf.set(InterpretedQueries.FACTORY_MODE, "FALLBACK");
  }

  @AfterEach
  void restore() {
    set(InterpretedQueries.WHOLE_STAGE, wholeStage);
    set(InterpretedQueries.FACTORY_MODE, factoryMode);
  }

  private static void set(String key, Option<String> value) {
    if (value.isDefined()) {
      spark.conf().set(key, value.get());
    } else {
      spark.conf().unset(key);
    }
  }

  /** The physical plan of a small query; operators inside whole-stage generated code print as {@code *(n)}. */
  private static String plan() {
    return spark.range(10).selectExpr("id * 2 as x").where("x > 4").queryExecution().executedPlan().toString();
  }

  @Test
  void insideNoCodeIsGeneratedAndAfterTheSettingsAreBack() {
    assertThat(plan()).contains("*(1) Project");
    String inside = InterpretedQueries.run(spark, () -> {
      assertThat(spark.conf().get(InterpretedQueries.FACTORY_MODE)).isEqualTo("NO_CODEGEN");
      return plan();
    });
    assertThat(inside).doesNotContain("*(");
    assertThat(spark.conf().get(InterpretedQueries.WHOLE_STAGE)).isEqualTo("true");
    assertThat(spark.conf().get(InterpretedQueries.FACTORY_MODE)).isEqualTo("FALLBACK");
    assertThat(plan()).contains("*(1) Project");

    // A setting the session does not hold reads as before, also when the query fails.
    spark.conf().unset(InterpretedQueries.FACTORY_MODE);
    Option<String> unset = spark.conf().getOption(InterpretedQueries.FACTORY_MODE);
    assertThatThrownBy(() -> InterpretedQueries.run(spark, () -> {
      throw new IllegalStateException("query failed");
    })).hasMessage("query failed");
    assertThat(spark.conf().getOption(InterpretedQueries.FACTORY_MODE)).isEqualTo(unset);
    assertThat(spark.conf().get(InterpretedQueries.WHOLE_STAGE)).isEqualTo("true");
  }

  @Test
  void aLedgerCommitAndReadGiveTheRowsCodeGenerationGives() {
    Ledger ledger = new Ledger(spark, dir.resolve("ledger").toString(), CommitTag.withoutRun("test"));
    ModelRecord m = ledger.models().register(LedgerTest.model("m", "r1"));
    Optional<ModelRecord> interpreted = ledger.models().byRunId("r1");
    // The same read with code generation, outside InterpretedQueries.
    List<ModelRecord> generated = ledger.models().all().where("run_id = 'r1'").collectAsList().stream()
        .map(ModelsTable::fromRow).toList();
    assertThat(interpreted).isPresent();
    assertThat(generated).containsExactly(interpreted.get());
    assertThat(interpreted.get().modelVersion()).isEqualTo(m.modelVersion()).isEqualTo(1);
    assertThat(spark.conf().get(InterpretedQueries.WHOLE_STAGE)).isEqualTo("true");
  }
}
