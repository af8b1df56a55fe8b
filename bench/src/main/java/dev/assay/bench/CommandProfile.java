package dev.assay.bench;

import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import dev.assay.ledger.LedgerTableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * What one in-process Assay command cost besides time: the Spark jobs it started and the Delta
 * commits it made to each ledger table. Why count them: most of a small command's time is fixed
 * cost (planning, Delta log work, one Spark job per ledger lookup), so the counts say where a
 * command's fixed cost comes from better than its seconds do on a shared machine.
 *
 * @param label the benchmark and command, e.g. {@code B1 train}
 * @param sparkJobs Spark jobs started while the command ran
 * @param commits Delta commits per ledger table (tables without one left out)
 */
record CommandProfile(String label, long sparkJobs, Map<String, Long> commits) {
  /** Counts the jobs of one Spark session; registered once, read before and after each command. */
  static final class JobCounter extends SparkListener {
    private final AtomicLong started = new AtomicLong();

    static JobCounter on(SparkSession spark) {
      JobCounter c = new JobCounter();
      spark.sparkContext().addSparkListener(c);
      return c;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      started.incrementAndGet();
    }

    /**
     * Jobs started so far. Spark delivers listener events on its own thread: this waits until every
     * event posted before the call was delivered (the bus's own wait, Spark-internal but public in
     * bytecode), so a command's jobs are never counted as the next one's.
     */
    long started(SparkSession spark) {
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Cannot count Spark jobs: the listener bus did not drain in 60 s", e);
      }
      return started.get();
    }
  }

  /** The latest commit version of every ledger table under {@code ledgerRoot} (-1 when absent). */
  static Map<String, Long> versions(SparkSession spark, String ledgerRoot) {
    Ledger ledger = new Ledger(spark, ledgerRoot, CommitTag.withoutRun("bench"));
    Map<String, Long> out = new LinkedHashMap<>();
    for (LedgerTableName t : LedgerTableName.values()) {
      out.put(t.code(), DeltaLog.forTable(spark, ledger.path(t)).update(false, Option.empty(), Option.empty())
          .version());
    }
    return out;
  }

  static CommandProfile of(String label, long jobs, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> commits = new LinkedHashMap<>();
    after.forEach((table, v) -> {
      long n = v - before.getOrDefault(table, -1L);
      if (n > 0) {
        commits.put(table, n);
      }
    });
    return new CommandProfile(label, jobs, commits);
  }

  /** The Markdown section: the last profile of each label, in the order the labels first ran. */
  static String markdown(List<CommandProfile> profiles) {
    if (profiles.isEmpty()) {
      return "";
    }
    Map<String, CommandProfile> last = new LinkedHashMap<>();
    profiles.forEach(p -> last.put(p.label(), p));
    List<String> rows = new ArrayList<>();
    for (CommandProfile p : last.values()) {
      long total = p.commits().values().stream().mapToLong(Long::longValue).sum();
      rows.add("| " + p.label() + " | " + p.sparkJobs() + " | " + total + " | " + (p.commits().isEmpty() ? "–"
          : p.commits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))) + " |");
    }
    return "\nSpark jobs and ledger commits of one Assay pass per command (the last timed pass of each):\n\n"
        + "| benchmark command | Spark jobs | ledger commits | commits per table |\n| --- | --- | --- | --- |\n"
        + String.join("\n", rows) + "\n";
  }
}
