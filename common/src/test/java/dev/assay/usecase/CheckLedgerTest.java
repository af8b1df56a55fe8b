package dev.assay.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCommit;
import dev.assay.ledger.LedgerHistory;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.spark.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger check} on a ledger written before commit tagging (plain Delta writes, as older Assay made
 * them), upgraded by opening it, then edited by a "notebook": the older commits are information, the
 * notebook's commits and the metric row they removed fail the check, each on one exact line.
 */
class CheckLedgerTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void theTagIsAssaysJsonAndNothingElseParsesAsOne() {
    CommitTag tag = new CommitTag("run-1", "train");
    assertThat(tag.json()).isEqualTo("{\"assay\":{\"run_id\":\"run-1\",\"command\":\"train\"}}");
    assertThat(CommitTag.parse(tag.json())).contains(tag);
    assertThat(CommitTag.parse(CommitTag.withoutRun("ledger").json())).contains(new CommitTag(null, "ledger"));
    assertThat(CommitTag.parse(new CommitTag("a\"b", "x\\y").json())).contains(new CommitTag("a\"b", "x\\y"));
    for (String other : new String[] {null, "", "assay", "assay score run 1", "{}", "{\"assay\":{}}",
        "{\"assay\":{\"run_id\":\"r\"}}", "{\"assay\":{\"run_id\":1,\"command\":\"train\"}}",
        "{\"assay\":{\"run_id\":\"r\",\"command\":\"train\",\"by\":\"me\"}}",
        "{\"assay\":{\"run_id\":\"r\",\"command\":\"train\"},\"x\":1}", "[1]"}) {
      assertThat(CommitTag.parse(other)).as(other).isEmpty();
    }
  }

  @Test
  void untaggedCommitsCountAsOlderOnlyBeforeTaggingBeganInTheTableAndTheLedger() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    LedgerCommit old = commit(2, t.minusSeconds(10), null);
    assertThat(CheckLedger.olderThanTagging(old, 3, Optional.of(t))).isTrue();
    assertThat(CheckLedger.olderThanTagging(old, Long.MAX_VALUE, Optional.empty())).isTrue();
    // After the table's first tagged commit, or after the ledger's, or with other metadata: foreign.
    assertThat(CheckLedger.olderThanTagging(commit(4, t.minusSeconds(10), null), 3, Optional.of(t))).isFalse();
    assertThat(CheckLedger.olderThanTagging(commit(2, t.plusSeconds(1), null), Long.MAX_VALUE, Optional.of(t)))
        .isFalse();
    assertThat(CheckLedger.olderThanTagging(commit(2, t.minusSeconds(10), "x"), 3, Optional.of(t))).isFalse();
  }

  private static LedgerCommit commit(long version, Instant at, String metadata) {
    return new LedgerCommit(LedgerTableName.RUNS, version, at, "WRITE", null, null, metadata);
  }

  @Test
  void anUpgradedLedgerIsCleanUntilANotebookWritesAroundAssay() {
    String root = dir.resolve("ledger").toString();
    // Before tagging: the three tables as older Assay versions created them, without commit metadata.
    for (LedgerTableName t : LedgerTableName.CORE) {
      spark.createDataFrame(List.of(), t.schema()).write().format("delta").save(root + "/" + t);
    }
    Ledger ledger = new Ledger(spark, root, new CommitTag("run-1", "evaluate"));
    ledger.ensureTables();
    MetricRow brier = new MetricRow(new MetricKey("m", 1, "0123456789abcdef", 3, "1", null, null, "brier"),
        "holdout", "demo/eval", 0.25, null, null, "ok", 100, "run-1", "abc", "cpu", new Timestamp(0));
    ledger.metrics().save(List.of(brier));

    CheckLedger.Report clean = CheckLedger.check(ledger);
    assertThat(clean.findings()).extracting(CheckLedger.Finding::line).containsExactly(
        "older than commit tagging: runs v0..v0 (1 untagged commits made before Assay tagged its commits; not checked)",
        "older than commit tagging: models v0..v0 (1 untagged commits made before Assay tagged its commits; not "
            + "checked)",
        "older than commit tagging: metrics v0..v0 (1 untagged commits made before Assay tagged its commits; not "
            + "checked)");
    // Opening set the table properties (one tagged commit per table), then the MERGE of the metric row.
    assertThat(clean.summary()).isEqualTo("ledger check: 3 tables, 4 commits by Assay, 0 made around it, 0 metric "
        + "rows removed, 3 untagged older than commit tagging");
    assertThat(LedgerHistory.commits(ledger, LedgerTableName.METRICS)).extracting(LedgerCommit::userMetadata)
        .containsExactly(null, "{\"assay\":{\"run_id\":\"run-1\",\"command\":\"evaluate\"}}",
            "{\"assay\":{\"run_id\":\"run-1\",\"command\":\"evaluate\"}}");
    assertThat(spark.conf().getOption(CommitTag.USER_METADATA).isDefined()).isFalse();

    // A notebook: an UPDATE with metadata of its own, then a DELETE without any.
    spark.conf().set(CommitTag.USER_METADATA, "fixing things");
    try {
      spark.sql("UPDATE delta.`" + root + "/metrics` SET value = 0.5 WHERE metric = 'brier'");
    } finally {
      spark.conf().unset(CommitTag.USER_METADATA);
    }
    spark.sql("DELETE FROM delta.`" + root + "/metrics` WHERE metric = 'brier'");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CheckLedger.run(ledger, out)).isInstanceOf(AssayException.class)
        .hasMessage("Cannot vouch for the ledger at " + root + ": 2 commit(s) were made around Assay and removed 2 "
            + "metric row(s) (listed above); find who made them from the user, engine and time listed, undo an "
            + "unwanted change with RESTORE TABLE delta.`<table>` TO VERSION AS OF <the version before it>, and "
            + "write ledger tables only through Assay")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.REPRODUCIBILITY);
    List<LedgerCommit> metrics = LedgerHistory.commits(ledger, LedgerTableName.METRICS);
    assertThat(metrics).extracting(LedgerCommit::version).containsExactly(0L, 1L, 2L, 3L, 4L);
    LedgerCommit update = metrics.get(3);
    LedgerCommit delete = metrics.get(4);
    String engine = delete.engineInfo();
    assertThat(engine).startsWith("Apache-Spark/");
    String older = " v0..v0 (1 untagged commits made before Assay tagged its commits; not checked)";
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "older than commit tagging: runs" + older,
        "older than commit tagging: models" + older,
        "older than commit tagging: metrics" + older,
        "foreign commit: metrics v3 at " + update.timestamp() + ", UPDATE by an unrecorded user, engine " + engine
            + ", userMetadata 'fixing things'",
        "removed metric row: metrics v3: m v1 on demo/eval v3 (table id 01234567, metric code 1), all rows: "
            + "brier = 0.25",
        "foreign commit: metrics v4 at " + delete.timestamp() + ", DELETE by an unrecorded user, engine " + engine
            + ", userMetadata none",
        "removed metric row: metrics v4: m v1 on demo/eval v3 (table id 01234567, metric code 1), all rows: "
            + "brier = 0.5",
        "ledger check: 3 tables, 4 commits by Assay, 2 made around it, 2 metric rows removed, 3 untagged older than "
            + "commit tagging");
  }
}
