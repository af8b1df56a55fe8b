package dev.assay.usecase;

import dev.assay.errors.LedgerErrors;
import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerCommit;
import dev.assay.ledger.LedgerHistory;
import dev.assay.ledger.LedgerTableName;
import dev.assay.ledger.MetricKey;
import dev.assay.ledger.MetricRow;
import dev.assay.spark.SparkMessages;
import dev.assay.spec.Secrets;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code assay ledger check}: tamper evidence for writes that bypass Assay. Every commit Assay makes to a
 * ledger table carries its {@link CommitTag} (run id and command) in Delta's commit
 * metadata; this reads every ledger table's history and reports each commit without one (a notebook's
 * DELETE, another engine's MERGE, an operator's OPTIMIZE) and, for {@code metrics}, each row such a commit
 * removed or changed, one line each, then a summary line. Any such commit fails the check with exit 5.
 *
 * <p><b>Ledgers older than commit tagging.</b> Their tables hold untagged commits that older Assay versions
 * made. An untagged commit without any metadata counts as older than tagging, reported as information and
 * not a failure, when it precedes both its own table's first tagged commit and, by commit time, the first
 * tagged commit of any ledger table: so a table no upgraded job has written yet (say {@code benchmarks})
 * still catches a notebook that wrote it after the upgrade. Assay's own creation of a table is a tagged
 * commit like any other; a table created around Assay is foreign unless it predates tagging.
 *
 * <p>Read-only like {@code sql} and the ledger listings: it records no run and commits nothing, so checking
 * never changes what it checks. Tamper evidence, not proof: a writer who sets Delta's
 * {@code commitInfo.userMetadata} to an Assay tag forges it.
 */
public final class CheckLedger {
  /** What a line of the check reports; {@link #failing()} kinds make the check fail. */
  public enum Kind {
    /** A commit Assay did not make. */
    FOREIGN_COMMIT(true),
    /** A metric row that a foreign commit deleted or changed. */
    REMOVED_METRIC(true),
    /** A foreign commit to {@code metrics} whose removed rows cannot be listed (the older version is gone). */
    REMOVED_UNKNOWN(true),
    /** Untagged commits made before Assay tagged its commits. */
    OLDER_THAN_TAGGING(false),
    /** Commits Delta's log cleanup removed, which no check can see. */
    HISTORY_CLEANED(false);

    private final boolean failing;

    Kind(boolean failing) {
      this.failing = failing;
    }

    public boolean failing() {
      return failing;
    }
  }

  /** One line of the check, for people. */
  public record Finding(Kind kind, String line) {}

  /**
   * What the check found.
   *
   * @param findings one per line, table by table in {@link LedgerTableName} order, then by version
   * @param tables how many ledger tables exist
   * @param assayCommits commits carrying an Assay tag
   * @param foreignCommits commits Assay did not make
   * @param removedMetrics metric rows those commits removed or changed
   * @param olderCommits untagged commits older than commit tagging
   */
  public record Report(List<Finding> findings, int tables, int assayCommits, int foreignCommits, int removedMetrics,
      int olderCommits) {
    /** The summary line. */
    public String summary() {
      return String.format("ledger check: %d tables, %d commits by Assay, %d made around it, %d metric rows removed, "
          + "%d untagged older than commit tagging", tables, assayCommits, foreignCommits, removedMetrics,
          olderCommits);
    }
  }

  private CheckLedger() {}

  /**
   * Checks {@code ledger}, prints one line per finding and the summary to {@code out}, and fails with exit 5
   * when a commit was made around Assay; exit 3 when there is no ledger.
   */
  public static Report run(Ledger ledger, PrintStream out) {
    Report report = check(ledger);
    report.findings().forEach(f -> out.println(f.line()));
    out.println(report.summary());
    out.flush();
    if (report.foreignCommits() > 0) {
      throw LedgerErrors.commitsAroundAssay(ledger.root(), report.foreignCommits(), report.removedMetrics());
    }
    return report;
  }

  /** The findings of {@code ledger}, without printing or failing. */
  public static Report check(Ledger ledger) {
    if (!ledger.exists()) {
      throw LedgerErrors.noLedger("check the ledger", ledger.root());
    }
    Map<LedgerTableName, List<LedgerCommit>> history = new EnumMap<>(LedgerTableName.class);
    for (LedgerTableName t : LedgerTableName.values()) {
      if (LedgerHistory.exists(ledger, t)) {
        history.put(t, LedgerHistory.commits(ledger, t));
      }
    }
    Optional<Instant> taggedSince = history.values().stream().flatMap(List::stream)
        .filter(c -> c.tag().isPresent()).map(LedgerCommit::timestamp).min(Comparator.naturalOrder());
    List<Finding> findings = new ArrayList<>();
    int assay = 0;
    int foreign = 0;
    int removed = 0;
    int older = 0;
    for (Map.Entry<LedgerTableName, List<LedgerCommit>> e : history.entrySet()) {
      List<LedgerCommit> commits = e.getValue();
      long firstTagged = commits.stream().filter(c -> c.tag().isPresent()).mapToLong(LedgerCommit::version).min()
          .orElse(Long.MAX_VALUE);
      if (!commits.isEmpty() && commits.get(0).version() > 0) {
        findings.add(new Finding(Kind.HISTORY_CLEANED, String.format("history cleaned: %s starts at v%d (older "
            + "commits were removed by Delta's log cleanup; not checked)", e.getKey(), commits.get(0).version())));
      }
      List<LedgerCommit> untaggedOlder = new ArrayList<>();
      List<Finding> around = new ArrayList<>();
      for (LedgerCommit c : commits) {
        if (c.tag().isPresent()) {
          assay++;
        } else if (olderThanTagging(c, firstTagged, taggedSince)) {
          untaggedOlder.add(c);
        } else {
          foreign++;
          around.add(new Finding(Kind.FOREIGN_COMMIT, "foreign commit: " + describe(c)));
          if (c.table() == LedgerTableName.METRICS && c.version() > 0) {
            removed += removedMetrics(ledger, c, around);
          }
        }
      }
      // Oldest first: the commits from before tagging, then those made around Assay since.
      if (!untaggedOlder.isEmpty()) {
        older += untaggedOlder.size();
        findings.add(new Finding(Kind.OLDER_THAN_TAGGING, String.format("older than commit tagging: %s v%d..v%d "
            + "(%d untagged commits made before Assay tagged its commits; not checked)", e.getKey(),
            untaggedOlder.get(0).version(), untaggedOlder.get(untaggedOlder.size() - 1).version(),
            untaggedOlder.size())));
      }
      findings.addAll(around);
    }
    return new Report(List.copyOf(findings), history.size(), assay, foreign, removed, older);
  }

  /**
   * Whether an untagged commit is one an older Assay made: no metadata at all (older versions set none on
   * ledger tables), before its table's first tagged commit and before the ledger's first tagged commit.
   */
  static boolean olderThanTagging(LedgerCommit c, long firstTaggedVersion, Optional<Instant> taggedSince) {
    return c.userMetadata() == null && c.version() < firstTaggedVersion
        && taggedSince.map(c.timestamp()::isBefore).orElse(true);
  }

  /** Lists the metric rows commit {@code c} removed or changed as findings; returns how many. */
  private static int removedMetrics(Ledger ledger, LedgerCommit c, List<Finding> findings) {
    List<MetricRow> rows;
    try {
      rows = LedgerHistory.removedMetrics(ledger, c.version());
    } catch (RuntimeException ex) {
      findings.add(new Finding(Kind.REMOVED_UNKNOWN, String.format("removed metric rows unknown: %s v%d: cannot "
          + "read v%d (%s)", c.table(), c.version(), c.version() - 1, SparkMessages.firstLine(ex))));
      return 0;
    }
    for (MetricRow m : rows) {
      findings.add(new Finding(Kind.REMOVED_METRIC, String.format("removed metric row: %s v%d: %s", c.table(),
          c.version(), describe(m))));
    }
    return rows.size();
  }

  /** A commit for people: table, version, time, operation, user, engine and metadata. */
  static String describe(LedgerCommit c) {
    return String.format("%s v%d at %s, %s by %s, engine %s, userMetadata %s", c.table(), c.version(),
        c.timestamp(), c.operation(), c.userName() == null ? "an unrecorded user" : c.userName(),
        c.engineInfo() == null ? "unrecorded" : c.engineInfo(),
        c.userMetadata() == null ? "none" : "'" + Secrets.redactText(c.userMetadata()) + "'");
  }

  /**
   * A metric row for people: model, evaluation cell (table label and version, filter, table id, metric code),
   * slice, metric and value, e.g. {@code churn-xgb v1 on demo/eval v1 (table id 1a2b3c4d, metric code 1),
   * all rows: roc_auc = 0.83}.
   */
  static String describe(MetricRow m) {
    MetricKey k = m.key();
    String id = k.evalTableId().length() > 8 ? k.evalTableId().substring(0, 8) : k.evalTableId();
    return String.format("%s v%d on %s v%d%s (table id %s, metric code %s), %s: %s = %s", k.modelName(),
        k.modelVersion(), m.evalTable(), k.evalVersion(), k.evalFilter() == null ? "" : " where " + k.evalFilter(),
        id, k.metricCodeVersion(), k.sliceColumn() == null ? "all rows" : "slice " + k.sliceColumn() + " = "
            + k.sliceValue(), k.metric(), m.value() == null ? "null (" + m.status() + ")" : m.value());
  }
}
