package dev.assay.data;

import dev.assay.errors.DataErrors;
import dev.assay.errors.SpecErrors;
import dev.assay.version.DataVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.DeletionVectorDescriptor;
import org.apache.spark.sql.delta.actions.RemoveFile;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Resolves a table reference (latest, a version, or a timestamp) to one {@link DataVersion}, from
 * the Delta log alone, and proves the version is still readable before anything runs on it.
 */
public final class DeltaVersions {
  private final SparkSession spark;

  public DeltaVersions(SparkSession spark) {
    this.spark = spark;
  }

  /** Resolves {@code location} at {@code version} or {@code timestamp} (both null: latest). */
  public DataVersion resolve(String location, Long version, String timestamp) {
    if (version != null && timestamp != null) {
      throw SpecErrors.versionAndTimestamp(location);
    }
    DeltaLog log = DeltaLog.forTable(spark, location);
    Snapshot latest = log.update(false, Option.empty(), Option.empty());
    if (latest.version() < 0) {
      throw DataErrors.tableNotFound(location);
    }
    long earliest = log.history().getEarliestRecreatableCommit();
    long target;
    if (version != null) {
      if (version < earliest || version > latest.version()) {
        throw DataErrors.versionNotFound(location, version, earliest, latest.version());
      }
      target = version;
    } else if (timestamp != null) {
      target = versionAt(log, location, timestamp);
    } else {
      target = latest.version();
    }
    Snapshot snapshot = target == latest.version()
        ? latest
        : log.getSnapshotAt(target, Option.empty(), Option.empty());
    if (target != latest.version()) {
      checkFilesSurvive(log, location, snapshot, latest, earliest);
    }
    return new DataVersion(snapshot.metadata().id(), target, location, commitTimestamp(log, target, snapshot));
  }

  private long versionAt(DeltaLog log, String location, String timestamp) {
    Instant at = parseInstant(location, timestamp);
    if (at.isAfter(Instant.now())) {
      throw DataErrors.timestampInFuture(location, timestamp);
    }
    try {
      // canReturnLastCommit: a past time after the last commit means "the latest", and stays so.
      DeltaHistoryManager.Commit commit = log.history().getActiveCommitAtTime(Timestamp.from(at), true, true, false);
      return commit.version();
    } catch (Exception e) { // Delta throws AnalysisException, a checked exception Scala does not declare
      if (isTimestampEarlierError(e)) {
        long earliest = log.history().getEarliestRecreatableCommit();
        throw DataErrors.timestampBeforeFirstCommit(location, timestamp,
            Instant.ofEpochMilli(commitTimestamp(log, earliest, null)).toString());
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private static boolean isTimestampEarlierError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("before the earliest version") || m.contains("TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")) {
        return true;
      }
    }
    return false;
  }

  /** Parses the timestamp forms specs accept; a zone-less time is UTC, as the session is. */
  static Instant parseInstant(String location, String timestamp) {
    String t = timestamp.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw SpecErrors.badTimestamp(location, timestamp);
    }
  }

  private long commitTimestamp(DeltaLog log, long version, Snapshot snapshot) {
    if (snapshot != null && snapshot.version() == version) {
      return snapshot.timestamp();
    }
    return log.getSnapshotAt(version, Option.empty(), Option.empty()).timestamp();
  }

  /**
   * VACUUM removes only files that the latest version no longer references, so a historical
   * version is readable exactly when its files outside the latest snapshot still exist: data files, and
   * the deletion-vector files that say which of their rows that version had deleted.
   */
  private void checkFilesSurvive(DeltaLog log, String location, Snapshot old, Snapshot latest, long earliest) {
    Path dataPath = log.dataPath();
    Set<String> onlyOld = removedAfter(log, old.version(), latest.version());
    if (onlyOld.isEmpty()) {
      return;
    }
    try {
      FileSystem fs = dataPath.getFileSystem(spark.sessionState().newHadoopConf());
      long missing = 0;
      for (String file : onlyOld) {
        Path p = new Path(new URI(file));
        if (!p.isAbsolute()) {
          p = new Path(dataPath, p);
        }
        if (!fs.exists(p)) {
          missing++;
        }
      }
      if (missing > 0) {
        throw DataErrors.versionVacuumed(location, old.version(), missing, earliest, latest.version());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check data files of " + location, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot parse a data file path of " + location, e);
    }
  }

  /**
   * The files of version {@code from} that the commits after it, up to {@code to}, removed: the
   * files of {@code from} that {@code to} no longer has, each data file with its deletion-vector file
   * when it had one on disk. Read from those commit files on the driver (they exist, as {@code from} is
   * recreatable), not by diffing the two snapshots' file lists, which cost ten Spark jobs per pinned
   * version. A file both added and removed after {@code from} was never one of its files.
   *
   * <p>Why data file and deletion vector as one key: a DELETE on a table with deletion vectors removes a
   * data file and adds the same path back with a new deletion vector. By path alone nothing was removed,
   * yet the old deletion vector is no longer referenced, VACUUM deletes it, and the old version cannot be
   * read (it no longer knows which rows it had deleted).
   */
  static Set<String> removedAfter(DeltaLog log, long from, long to) {
    Map<String, RemoveFile> removed = new LinkedHashMap<>();
    Set<String> added = new HashSet<>();
    Set<String> addedPaths = new HashSet<>();
    Iterator<Tuple2<Object, Seq<Action>>> commits = log.getChanges(from + 1, to, true);
    while (commits.hasNext()) {
      for (Action action : JavaConverters.seqAsJavaList(commits.next()._2())) {
        if (action instanceof RemoveFile remove) {
          removed.put(key(remove.path(), remove.deletionVector()), remove);
        } else if (action instanceof AddFile add) {
          added.add(key(add.path(), add.deletionVector()));
          addedPaths.add(add.path());
        }
      }
    }
    Set<String> files = new LinkedHashSet<>();
    removed.forEach((k, remove) -> {
      if (added.contains(k)) {
        return;
      }
      if (!addedPaths.contains(remove.path())) {
        files.add(remove.path());
      }
      DeletionVectorDescriptor dv = remove.deletionVector();
      if (dv != null && dv.isOnDisk()) {
        files.add(dv.absolutePath(log.dataPath()).toString());
      }
    });
    return files;
  }

  private static String key(String path, DeletionVectorDescriptor dv) {
    return path + "\n" + (dv == null ? "" : dv.uniqueId());
  }
}
