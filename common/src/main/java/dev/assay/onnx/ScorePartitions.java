package dev.assay.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: rows are read in batches of {@link OnnxBinding#batchSize()}, their feature vectors
 * copied into one float32 buffer, run through the executor's cached session ({@link OnnxSessions}, with as many
 * intra-op threads as the task has CPUs) and emitted with the score columns appended, lazily, so a partition is
 * never held in memory.
 */
final class ScorePartitions implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<byte[]> graph;
  private final String hash;
  private final OnnxBinding binding;
  private final int featuresIndex;

  ScorePartitions(Broadcast<byte[]> graph, String hash, OnnxBinding binding, int featuresIndex) {
    this.graph = graph;
    this.hash = hash;
    this.binding = binding;
    this.featuresIndex = featuresIndex;
  }

  /** The task's first assigned GPU (Spark's resource scheduling keeps tasks on their own GPUs), else GPU 0. */
  private static int gpu(TaskContext task) {
    if (task == null || !task.resources().contains("gpu")) {
      return 0;
    }
    return Integer.parseInt(task.resources().apply("gpu").addresses()[0]);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    int threads = task == null ? 1 : Math.max(1, task.cpus());
    OrtSession session = OnnxSessions.get(hash, threads, binding.cuda() ? gpu(task) : -1, graph::value);
    return new Iterator<>() {
      private final List<Row> batch = new ArrayList<>(binding.batchSize());
      private final float[] x = new float[binding.batchSize() * binding.features()];
      private double[] scores;
      private int next;

      @Override
      public boolean hasNext() {
        return next < batch.size() || rows.hasNext();
      }

      @Override
      public Row next() {
        if (next == batch.size()) {
          fill();
        }
        Row in = batch.get(next);
        Object[] values = new Object[in.size() + (binding.task() == Task.REGRESSION ? 1 : 2)];
        for (int i = 0; i < in.size(); i++) {
          values[i] = in.get(i);
        }
        appendScore(values, in.size(), next);
        next++;
        return RowFactory.create(values);
      }

      private void fill() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        batch.clear();
        next = 0;
        int f = binding.features();
        while (batch.size() < binding.batchSize() && rows.hasNext()) {
          Row r = rows.next();
          Vector v = r.getAs(featuresIndex);
          if (v.size() != f) {
            throw new IllegalStateException("Cannot score with ONNX model " + hash + ": a feature vector has "
                + v.size() + " values, the graph takes " + f);
          }
          int base = batch.size() * f;
          for (int j = 0; j < f; j++) {
            x[base + j] = (float) v.apply(j);
          }
          batch.add(r);
        }
        try {
          scores = binding.run(session, x, batch.size());
        } catch (OrtException e) {
          throw new IllegalStateException("Cannot score with ONNX model " + hash + ": " + e.getMessage(), e);
        }
      }

      private void appendScore(Object[] values, int at, int row) {
        int w = binding.width();
        int base = row * w;
        switch (binding.task()) {
          case REGRESSION -> values[at] = scores[base];
          case BINARY -> {
            double p = w == 1 ? scores[base] : scores[base + 1];
            values[at] = Vectors.dense(1.0 - p, p);
            values[at + 1] = p > 0.5 ? 1.0 : 0.0;
          }
          case MULTICLASS -> {
            double[] probabilities = new double[w];
            System.arraycopy(scores, base, probabilities, 0, w);
            int best = 0;
            for (int k = 1; k < w; k++) {
              if (probabilities[k] > probabilities[best]) {
                best = k;
              }
            }
            values[at] = Vectors.dense(probabilities);
            values[at + 1] = (double) best;
          }
          default -> throw new IllegalStateException("Unknown task " + binding.task());
        }
      }
    };
  }
}
