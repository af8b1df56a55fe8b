package dev.assay.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.assay.spark.VectorColumns;
import dev.assay.spec.Task;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;

/**
 * Scores one partition: rows are read in batches of {@link OnnxBinding#batchSize()}, their feature vectors
 * copied into one float32 buffer, run through the executor's cached session ({@link OnnxSessions}, with as many
 * intra-op threads as the task has CPUs) and emitted with the score columns appended, lazily, so a partition is
 * never held in memory.
 *
 * <p>Why Spark's internal rows rather than {@code Dataset.mapPartitions} over {@code Row}: the row encoder
 * decodes every input column of every row into Java objects (the dense vector included) and encodes them all
 * back, which cost more than the graph itself for a small model (B8). Here an input row stays in Spark's binary
 * form: the feature values are read straight from the vector's array, the row is copied as bytes while its batch
 * is scored, and one generated projection writes it out with the score columns after it.
 */
final class ScorePartitions implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<byte[]> graph;
  private final String hash;
  private final OnnxBinding binding;
  private final int featuresIndex;
  private final StructType output;

  ScorePartitions(Broadcast<byte[]> graph, String hash, OnnxBinding binding, int featuresIndex, StructType output) {
    this.graph = graph;
    this.hash = hash;
    this.binding = binding;
    this.featuresIndex = featuresIndex;
    this.output = output;
  }

  /** The task's first assigned GPU (Spark's resource scheduling keeps tasks on their own GPUs), else GPU 0. */
  private static int gpu(TaskContext task) {
    if (task == null || !task.resources().contains("gpu")) {
      return 0;
    }
    return Integer.parseInt(task.resources().apply("gpu").addresses()[0]);
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    TaskContext task = TaskContext.get();
    int threads = task == null ? 1 : Math.max(1, task.cpus());
    OrtSession session = OnnxSessions.get(hash, threads, binding.cuda() ? gpu(task) : -1, graph::value);
    UnsafeProjection project = UnsafeProjection.create(output);
    return new Iterator<InternalRow>() {
      private final InternalRow[] batch = new InternalRow[binding.batchSize()];
      private final float[] x = new float[binding.batchSize() * binding.features()];
      private final JoinedRow joined = new JoinedRow();
      private final GenericInternalRow scoreColumns =
          new GenericInternalRow(binding.task() == Task.REGRESSION ? 1 : 2);
      /** The probability column's stored dense vector, rewritten in place per row: the projection copies it. */
      private final UnsafeArrayData probabilities = UnsafeArrayData.fromPrimitiveArray(
          new double[binding.task() == Task.BINARY ? 2 : binding.width()]);
      private final InternalRow probability = VectorColumns.denseOf(probabilities);
      private double[] scores;
      private int size;
      private int next;

      @Override
      public boolean hasNext() {
        return next < size || rows.hasNext();
      }

      @Override
      public InternalRow next() {
        if (next == size) {
          fill();
        }
        setScore(next);
        return project.apply(joined.apply(batch[next++], scoreColumns));
      }

      private void fill() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        size = 0;
        next = 0;
        while (size < batch.length && rows.hasNext()) {
          // The scan reuses its row object: keep a copy until the batch is scored.
          InternalRow r = rows.next().copy();
          InternalRow vector = VectorColumns.stored(r, featuresIndex);
          checkSize(VectorColumns.size(vector));
          VectorColumns.floatsInto(vector, x, size * binding.features());
          batch[size++] = r;
        }
        try {
          scores = binding.run(session, x, size);
        } catch (OrtException e) {
          throw new IllegalStateException("Cannot score with ONNX model " + hash + ": " + e.getMessage(), e);
        }
      }

      private void checkSize(int size) {
        if (size != binding.features()) {
          throw new IllegalStateException("Cannot score with ONNX model " + hash + ": a feature vector has "
              + size + " values, the graph takes " + binding.features());
        }
      }

      private void setScore(int row) {
        int w = binding.width();
        int base = row * w;
        switch (binding.task()) {
          case REGRESSION -> scoreColumns.setDouble(0, scores[base]);
          case BINARY -> {
            double p = w == 1 ? scores[base] : scores[base + 1];
            probabilities.setDouble(0, 1.0 - p);
            probabilities.setDouble(1, p);
            scoreColumns.update(0, probability);
            scoreColumns.setDouble(1, p > 0.5 ? 1.0 : 0.0);
          }
          case MULTICLASS -> {
            int best = 0;
            for (int k = 0; k < w; k++) {
              probabilities.setDouble(k, scores[base + k]);
              if (scores[base + k] > scores[base + best]) {
                best = k;
              }
            }
            scoreColumns.update(0, probability);
            scoreColumns.setDouble(1, best);
          }
          default -> throw new IllegalStateException("Unknown task " + binding.task());
        }
      }
    };
  }
}
