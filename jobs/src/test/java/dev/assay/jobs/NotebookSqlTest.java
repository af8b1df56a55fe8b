package dev.assay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.ledger.LedgerViews;
import dev.assay.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SQL statement in notebooks/*.ipynb runs against the demo ledger registered with
 * {@code assay ledger register --database assay} and returns rows; no notebook carries outputs. Tagged
 * slow with the other analyst tests that share the demo ledger (about three minutes to build); CI runs it.
 */
@Tag("slow")
class NotebookSqlTest extends SparkTestBase {
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  static Path warehouse;

  @BeforeAll
  static void registerDemoLedger() {
    warehouse = DemoLedger.warehouse();
    CliRun.Result r = DemoLedger.ok(warehouse, "ledger", "register", "--database", "assay");
    assertThat(r.out()).contains("view  assay.lineage");
  }

  static Stream<Path> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList().stream();
    }
  }

  @Test
  void theNotebooksAnswerTheAnalystQuestions() throws IOException {
    assertThat(notebooks().map(p -> p.getFileName().toString())).containsExactly(
        "01-best-model-on-current-holdout.ipynb", "02-auc-as-data-changed.ipynb", "03-what-did-we-ship.ipynb",
        "04-compare-two-models.ipynb");
  }

  @ParameterizedTest
  @MethodSource("notebooks")
  void everySqlCellRunsAndReturnsRows(Path notebook) throws IOException {
    String name = notebook.getFileName().toString();
    List<String> statements = NotebookCells.sql(name, JSON.readTree(notebook.toFile()));
    assertThat(statements).as(name).hasSizeGreaterThanOrEqualTo(3);
    for (String sql : statements) {
      List<Row> rows;
      try {
        rows = spark.sql(sql).limit(100).collectAsList();
      } catch (Exception e) {
        throw new AssertionError(name + ": query failed: " + e.getMessage().lines().findFirst().orElse("")
            + "\n" + sql, e);
      }
      assertThat(rows).as("%s returned no rows:%n%s", name, sql).isNotEmpty();
    }
  }

  @Test
  void registerCreatesTheViewsInTheNamedDatabase() {
    DemoLedger.ok(warehouse, "ledger", "register", "--database", "analysts");
    // SHOW VIEWS also lists the session's temporary views (from 'assay sql'): keep the database's own.
    List<String> views = spark.sql("SHOW VIEWS IN analysts").collectAsList().stream()
        .filter(r -> !r.getBoolean(2)).map(r -> r.getString(1)).sorted().toList();
    assertThat(views).containsExactly("alert_history", "champions", "leaderboard", "lineage", "metric_history");
    assertThat(spark.sql("SELECT model_name, model_version, train_versions FROM analysts.champions").collectAsList())
        .extracting(Row::toString).containsExactly("[churn-xgb,1,demo/train@v0]");
    // The lineage walks data -> model -> metrics -> scores for the champion.
    assertThat(spark.sql("SELECT DISTINCT kind FROM analysts.lineage WHERE model_version = 1 ORDER BY kind")
        .collectAsList()).extracting(r -> r.getString(0)).containsExactly("evaluation", "scores", "train_data");
    assertThat(LedgerViews.NAMES).containsExactly("leaderboard", "metric_history", "champions", "lineage",
        "alert_history");
  }

  @Test
  void registerRefusesADatabaseNameThatIsNotAnIdentifier() {
    CliRun.Result r = CliRun.in(warehouse, "ledger", "register", "--database", "a;drop");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot register the ledger as database 'a;drop': not a plain SQL name; use "
        + "letters, digits and '_' (e.g. --database assay)");
  }

  @Test
  void theCellConventionIsEnforced() throws IOException {
    rejectsCell("{\"cell_type\":\"code\",\"source\":\"%%sql\\nSELECT 1\","
        + "\"outputs\":[{\"output_type\":\"stream\"}],\"execution_count\":null}")
        .hasMessage("x.ipynb cell 0 (no id) has outputs: clear them before committing");
    rejectsCell("{\"cell_type\":\"code\",\"source\":\"%%sql\\nSELECT 1\",\"outputs\":[],\"execution_count\":3}")
        .hasMessage("x.ipynb cell 0 (no id) has execution_count 3: clear outputs before committing");
    rejectsCell("{\"cell_type\":\"code\",\"source\":[\"q = 'SELECT 1'\\n\",\"spark.sql(q)\"],\"outputs\":[],"
        + "\"execution_count\":null}")
        .hasMessageContaining("x.ipynb cell 0 (no id) calls spark.sql( without a triple-quoted literal");
    JsonNode good = JSON.readTree("{\"nbformat\":4,\"cells\":[{\"cell_type\":\"code\",\"source\":[\"%%sql 5\\n\","
        + "\"SELECT 1\"],\"outputs\":[],\"execution_count\":null},{\"cell_type\":\"code\",\"source\":"
        + "\"df = spark.sql(\\\"\\\"\\\"\\nSELECT "
            + "2\\n\\\"\\\"\\\").toPandas()\",\"outputs\":[],\"execution_count\":null},"
        + "{\"cell_type\":\"code\",\"metadata\":{\"tags\":[\"assay-setup\"]},\"source\":\"spark.sql(f'x')\","
        + "\"outputs\":[]}]}");
    assertThat(NotebookCells.sql("x.ipynb", good)).containsExactly("SELECT 1", "SELECT 2");
  }

  /** The error of {@link NotebookCells#sql} on a notebook whose only cell is {@code cell} (JSON). */
  private static AbstractThrowableAssert<?, ? extends Throwable> rejectsCell(String cell) throws IOException {
    JsonNode notebook = JSON.readTree("{\"nbformat\":4,\"cells\":[" + cell + "]}");
    return assertThatThrownBy(() -> NotebookCells.sql("x.ipynb", notebook));
  }
}
