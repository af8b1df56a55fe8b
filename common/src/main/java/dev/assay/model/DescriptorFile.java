package dev.assay.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The JSON descriptor of a model made of other models (an ensemble's {@code ensemble.json}, a stack's
 * {@code stack.json}): canonical bytes (record fields in declaration order, no whitespace) whose SHA-256
 * is the model's hash, written once and never overwritten.
 */
final class DescriptorFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DescriptorFile() {}

  static byte[] bytes(Object descriptor) {
    try {
      return JSON.writeValueAsBytes(descriptor);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + descriptor.getClass().getSimpleName(), e);
    }
  }

  static <T> T parse(byte[] bytes, Class<T> type) throws IOException {
    return JSON.readValue(bytes, type);
  }

  static boolean exists(SparkSession spark, Path p) {
    try {
      return p.getFileSystem(spark.sessionState().newHadoopConf()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }

  static void write(SparkSession spark, Path p, byte[] bytes) {
    try {
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      try (OutputStream out = fs.create(p, false)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }

  /** The file's bytes; the caller maps a failure (a checksum error is an alteration) to its own error. */
  static byte[] read(SparkSession spark, Path p) throws IOException {
    try (InputStream in = p.getFileSystem(spark.sessionState().newHadoopConf()).open(p)) {
      return in.readAllBytes();
    }
  }
}
