package dev.assay.evaluation;

import static org.apache.spark.sql.functions.col;

import dev.assay.model.Hashing;
import dev.assay.run.JobContext;
import dev.assay.version.DataVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The 64-bit keys of one training data version (an integral {@code features.id}, or the exact row
 * hash) as a sorted array of distinct longs, for the leakage check's probe: the evaluation rows
 * look their key up in it while they are scored, so the check adds no scan of the evaluation data.
 *
 * <p>Why a file beside the ledger: a Delta version never changes, so its keys under one key
 * definition (the columns and the types they are hashed in) never do either; every later check
 * against the same training version (each cell of {@code evaluate}, every model a
 * {@code reevaluate} re-measures, {@code gate}, {@code verify}) reads 8 bytes a training row
 * instead of scanning and hashing the training table again. The file carries its definition, table
 * id and version and ends with the SHA-256 of everything before it; a file that does not verify is
 * reported, ignored and written again, so an altered cache can cost time but never change a count.
 * The cache is not part of the ledger's tables: a failed write is a note, not an error.
 */
final class TrainingKeys {
  private static final String MAGIC = "assay-training-keys/1";
  private static final int DIGEST_BYTES = 32;

  private TrainingKeys() {}

  /**
   * The sorted distinct keys of {@code version} under {@code definition}; {@code keys} is the
   * version's rows as one nullable long column (null keys never match), read only on a cache miss.
   */
  static long[] of(JobContext ctx, DataVersion version, String definition, Dataset<Row> keys) {
    SparkSession spark = ctx.spark();
    Path file = new Path(ctx.ledger().root() + "/training_keys/" + version.tableId() + "/" + version.version() + "/"
        + Hashing.sha256(definition).substring(0, 32) + ".keys");
    try {
      long[] cached = read(spark, file, definition, version);
      if (cached != null) {
        return cached;
      }
    } catch (IOException e) {
      ctx.step("note: the cached training keys %s do not verify (%s); computing them again", file, e.getMessage());
    }
    long t0 = System.nanoTime();
    long[] collected = collect(keys);
    try {
      write(spark, file, encode(definition, version, collected));
      ctx.step("cached %d training key(s) of %s v%d in %.1f s (%s)", collected.length, version.path(),
          version.version(), (System.nanoTime() - t0) / 1e9, file);
    } catch (IOException e) {
      ctx.step("note: cannot cache the training keys of %s v%d at %s (%s); the next check reads them again",
          version.path(), version.version(), file, e.getMessage());
    }
    return collected;
  }

  /** The sorted distinct union of several versions' keys. */
  static long[] union(List<long[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return sortedDistinct(all, n);
  }

  /**
   * A 0/1 column: 1 when {@code key} is one of {@code keys}, which are broadcast once as a hash set;
   * the caller destroys the broadcast when the evaluation is done.
   */
  record Probe(Column flag, Broadcast<LongHashSet> keys) implements AutoCloseable {
    static Probe of(SparkSession spark, long[] keys, Column key) {
      Broadcast<LongHashSet> b = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new LongHashSet(keys));
      return new Probe(membership(b).apply(key), b);
    }

    @Override
    public void close() {
      keys.destroy();
    }
  }

  private static UserDefinedFunction membership(Broadcast<LongHashSet> keys) {
    return functions.udf((UDF1<Long, Integer>) k -> k != null && keys.value().contains(k) ? 1 : 0,
        DataTypes.IntegerType);
  }

  /** Every partition's keys sorted and distinct, merged on the driver: 8 bytes a key travel, not a row. */
  static long[] collect(Dataset<Row> keys) {
    String c = keys.columns()[0];
    List<long[]> parts = keys.where(col(c).isNotNull()).mapPartitions(
        (MapPartitionsFunction<Row, long[]>) TrainingKeys::partition, Encoders.javaSerialization(long[].class))
        .collectAsList();
    return union(parts);
  }

  private static Iterator<long[]> partition(Iterator<Row> rows) {
    long[] buf = new long[1024];
    int n = 0;
    while (rows.hasNext()) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = rows.next().getLong(0);
    }
    return List.of(sortedDistinct(buf, n)).iterator();
  }

  private static long[] sortedDistinct(long[] values, int n) {
    Arrays.sort(values, 0, n);
    int out = 0;
    for (int i = 0; i < n; i++) {
      if (out == 0 || values[i] != values[out - 1]) {
        values[out++] = values[i];
      }
    }
    return Arrays.copyOf(values, out);
  }

  static byte[] encode(String definition, DataVersion version, long[] keys) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * keys.length + DIGEST_BYTES);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(MAGIC);
      out.writeUTF(definition);
      out.writeUTF(version.tableId());
      out.writeLong(version.version());
      out.writeInt(keys.length);
      for (long k : keys) {
        out.writeLong(k);
      }
      out.flush();
      out.write(sha256(bytes.toByteArray()));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode training keys in memory", e);
    }
  }

  /** The keys in {@code file}, null when there is none; an IOException when it does not verify. */
  static long[] read(SparkSession spark, Path file, String definition, DataVersion version) throws IOException {
    byte[] bytes;
    try (InputStream in = file.getFileSystem(spark.sessionState().newHadoopConf()).open(file)) {
      bytes = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
    if (bytes.length < DIGEST_BYTES
        || !Arrays.equals(sha256(Arrays.copyOf(bytes, bytes.length - DIGEST_BYTES)),
            Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES, bytes.length))) {
      throw new IOException("its SHA-256 does not match its content");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - DIGEST_BYTES));
    if (!MAGIC.equals(in.readUTF()) || !definition.equals(in.readUTF()) || !version.tableId().equals(in.readUTF())
        || in.readLong() != version.version()) {
      throw new IOException("it holds the keys of another table, version or key definition");
    }
    long[] keys = new long[in.readInt()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = in.readLong();
      if (i > 0 && keys[i] <= keys[i - 1]) {
        throw new IOException("its keys are not sorted and distinct");
      }
    }
    return keys;
  }

  /** Written to a temporary name and renamed: a reader sees the whole file or none. */
  private static void write(SparkSession spark, Path file, byte[] bytes) throws IOException {
    FileSystem fs = file.getFileSystem(spark.sessionState().newHadoopConf());
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(bytes);
    }
    if (fs.exists(file)) {
      fs.delete(file, false);  // an unverifiable copy: replaced
    }
    if (!fs.rename(tmp, file)) {
      fs.delete(tmp, false);
      if (!fs.exists(file)) {
        throw new IOException("cannot rename " + tmp + " to " + file);
      }
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash: no SHA-256 in this JVM", e);
    }
  }
}
