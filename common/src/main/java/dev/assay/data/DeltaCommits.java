package dev.assay.data;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.DeltaCommitFileProvider;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The latest commits of a Delta table, read on the driver from their commit files: what a job wrote, its version
 * and metrics, after its write.
 *
 * <p>Why not {@code DeltaTable.history(n)}: it reads the same commit records in a Spark job
 * ({@code spark.range(...).mapPartitions(...).collect()}) and builds a DataFrame over them that a caller then
 * queries, 0.1 to 0.3 s and a Spark job in a warm JVM, more in a fresh one, for what is usually the latest commit
 * file alone. Here the files are read newest first, one by one, and the reading stops at the first match.
 */
public final class DeltaCommits {
  /** One commit: its version, Delta's operation metrics (e.g. {@code numOutputRows}) and the writer's metadata. */
  public record Commit(long version, Map<String, String> metrics, String userMetadata) {
    /** A metric of the commit, if Delta recorded it. */
    public Optional<String> metric(String name) {
      return Optional.ofNullable(metrics.get(name));
    }
  }

  private DeltaCommits() {}

  /** The latest commit of the table at {@code path}. */
  public static Commit latest(SparkSession spark, String path) {
    return first(spark, path, 1, c -> true).orElseThrow(() ->
        new IllegalStateException("Cannot read the latest commit of " + path + ": it is not a Delta table"));
  }

  /** The latest of the last {@code limit} commits whose user metadata is {@code userMetadata}. */
  public static Optional<Commit> find(SparkSession spark, String path, int limit, String userMetadata) {
    return first(spark, path, limit, c -> userMetadata.equals(c.userMetadata()));
  }

  /** The newest of the last {@code limit} commits that is {@code wanted}, reading one commit file at a time. */
  private static Optional<Commit> first(SparkSession spark, String path, int limit, Predicate<Commit> wanted) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    DeltaCommitFileProvider files = DeltaCommitFileProvider.apply(snapshot);
    Configuration conf = log.newDeltaHadoopConf();
    for (long v = snapshot.version(); v >= Math.max(0, snapshot.version() - limit + 1); v--) {
      Option<CommitInfo> info = DeltaHistoryManager.getCommitInfoOpt(log.store(), files.deltaFile(v), conf);
      Commit commit = commit(v, info.isDefined() ? info.get() : null);
      if (wanted.test(commit)) {
        return Optional.of(commit);
      }
    }
    return Optional.empty();
  }

  /** A commit without a commit record (written by an old or foreign writer) has no metrics or metadata. */
  private static Commit commit(long version, CommitInfo info) {
    if (info == null) {
      return new Commit(version, Map.of(), null);
    }
    Map<String, String> metrics = info.operationMetrics().isDefined()
        ? JavaConverters.mapAsJavaMap(info.operationMetrics().get()) : Map.of();
    return new Commit(version, Map.copyOf(metrics), info.userMetadata().isDefined() ? info.userMetadata().get() : null);
  }
}
