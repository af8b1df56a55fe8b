package dev.assay.run;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's lease: the file {@code <ledger>/_leases/<run id>}, rewritten by a daemon thread every heartbeat
 * interval ({@code -Dassay.run.heartbeat.seconds}, default 30) while the job runs and deleted when it ends.
 * A run whose lease was not renewed for {@link #MISSED_BEATS} of its intervals is presumed dead.
 *
 * <p>Why a file and not a column of {@code runs}: every commit to that non-partitioned table conflicts
 * with the other jobs' concurrent commits and costs them retries; a heartbeat commit every 30 s per job
 * would multiply those. A file per run conflicts with nothing, and Hadoop's FileSystem makes it work on
 * HDFS and S3A as on a local disk. Why the file's modification time as the heartbeat: it is set by the store
 * (HDFS name node, S3, the local or NFS file system), and the recovering job compares it with the
 * modification time of its own lease, written just before, so both sides use the store's clock and
 * machine clock skew cannot expire a live run. The file holds its run's interval, so a reader configured
 * with another interval still judges it by the writer's.
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  static final String DIR = "_leases";
  static final String INTERVAL_KEY = "heartbeat_seconds";

  /** Renewals a run may miss before it counts as dead: a long GC pause or a slow store must not end a run. */
  static final int MISSED_BEATS = 6;

  private final FileSystem fs;
  private final Path file;
  private final byte[] content;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  private RunLease(FileSystem fs, Path file, byte[] content, Duration interval) {
    this.fs = fs;
    this.file = file;
    this.content = content;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "assay-lease-" + file.getName());
      t.setDaemon(true);
      return t;
    });
    renew();
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(this::renew, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The heartbeat interval of runs started by this JVM. */
  static Duration interval() {
    double seconds = Double.parseDouble(System.getProperty("assay.run.heartbeat.seconds", "30"));
    return Duration.ofMillis(Math.max(10, Math.round(seconds * 1000)));
  }

  /** Writes the lease of {@code runId} now and renews it every {@code interval} until {@link #close()}. */
  static RunLease start(SparkSession spark, String ledgerRoot, String runId, ProcessIdentity process,
      Duration interval) throws IOException {
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("host", String.valueOf(JobRunner.host()));
    p.setProperty("process", process.label());
    p.setProperty(INTERVAL_KEY, String.valueOf(interval.toMillis() / 1000.0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.store(out, "Assay run lease: rewritten while the run is alive (see README, Killed jobs)");
    Path file = path(ledgerRoot, runId);
    return new RunLease(fileSystem(spark, file), file, out.toByteArray(), interval);
  }

  /** One heartbeat; a failed write is logged, not fatal: the lease only decides when the run looks dead. */
  private void renew() {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
      if (failing) {
        LOG.info("Lease {} renewed again", file);
      }
      failing = false;
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        LOG.warn("Cannot renew lease {} (retried every heartbeat): {}", file, e.toString());
      }
      failing = true;
    }
  }

  /** Stops the heartbeat (a renewal under way completes) and removes the lease: the run's row says how it ended. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
      fs.delete(file, false);
    } catch (IOException e) {
      LOG.warn("Cannot delete lease {}: {}", file, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A lease as found: last renewed at {@code renewedAt} (the store's clock), renewed every {@code interval}. */
  record Renewal(Instant renewedAt, Duration interval) {
    Instant expiresAt() {
      return renewedAt.plus(interval.multipliedBy(MISSED_BEATS));
    }
  }

  /** The leases of the runs asked for, and the store's time now (the caller's own lease, else this clock). */
  record Leases(Map<String, Renewal> byRun, Instant now) {
    Optional<Renewal> of(String runId) {
      return Optional.ofNullable(byRun.get(runId));
    }
  }

  /**
   * Reads the leases of {@code runIds} with one listing; leases of runs that are no longer open (a job
   * killed between closing its run and deleting its lease) are deleted once they expired.
   */
  static Leases read(SparkSession spark, String ledgerRoot, String ownRunId, Set<String> runIds) {
    Path dir = new Path(ledgerRoot + "/" + DIR);
    Map<String, Renewal> found = new HashMap<>();
    Instant now = Instant.now();
    try {
      FileSystem fs = fileSystem(spark, dir);
      FileStatus[] files;
      try {
        files = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return new Leases(Map.of(), now);
      }
      for (FileStatus f : files) {
        if (f.getPath().getName().equals(ownRunId)) {
          now = Instant.ofEpochMilli(f.getModificationTime());
        }
      }
      for (FileStatus f : files) {
        String name = f.getPath().getName();
        Instant renewed = Instant.ofEpochMilli(f.getModificationTime());
        if (runIds.contains(name)) {
          found.put(name, new Renewal(renewed, intervalOf(fs, f.getPath())));
        } else if (!name.startsWith(".") && !name.equals(ownRunId)
            && new Renewal(renewed, interval()).expiresAt().isBefore(now)) {
          fs.delete(f.getPath(), false);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the run leases under {} (runs without a readable lease are judged by "
          + "assay.run.lease.minutes): {}", dir, e.toString());
    }
    return new Leases(found, now);
  }

  static void delete(SparkSession spark, String ledgerRoot, String runId) {
    Path file = path(ledgerRoot, runId);
    try {
      fileSystem(spark, file).delete(file, false);
    } catch (IOException e) {
      LOG.warn("Cannot delete lease {}: {}", file, e.toString());
    }
  }

  /** The interval the lease's writer renews it at; this JVM's interval when the file cannot tell. */
  private static Duration intervalOf(FileSystem fs, Path file) {
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      p.load(in);
      return Duration.ofMillis(Math.round(Double.parseDouble(p.getProperty(INTERVAL_KEY)) * 1000));
    } catch (IOException | RuntimeException e) {
      return interval();
    }
  }

  static Path path(String ledgerRoot, String runId) {
    return new Path(ledgerRoot + "/" + DIR + "/" + runId);
  }

  private static FileSystem fileSystem(SparkSession spark, Path path) throws IOException {
    return path.getFileSystem(spark.sessionState().newHadoopConf());
  }
}
