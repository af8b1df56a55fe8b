package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A row's features computed alone ({@link RowFeatures}) are the bulk transform's vector, and the float32 a native
 * model is fed ({@link RowFeatures#floats}) are that vector's values, dense or sparse (an MLlib assembler writes
 * a row of mostly zeros as a sparse vector).
 */
class RowFeaturesTest extends SparkTestBase {
  @Test
  void floatsAreTheBulkVectorsValuesForDenseAndSparseVectors() {
    Dataset<Row> rows = spark.sql("select * from values (0.0d, 0.0d, 0.0d, 2.5d), (1.5d, -2.0d, 0.1d, 3.0d), "
        + "(0.0d, 0.0d, 0.0d, 0.0d) as t(a, b, c, d)");
    Dataset<Row> features = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"})
        .setOutputCol("features").transform(spark.createDataFrame(rows.collectAsList(), rows.schema()));
    List<Vector> bulk = features.select("features").collectAsList().stream().map(r -> (Vector) r.get(0)).toList();
    assertThat(bulk.get(0)).isInstanceOf(SparseVector.class);
    assertThat(bulk.get(2)).isInstanceOf(SparseVector.class);

    RowFeatures perRow = RowFeatures.of(features, "features");
    assertThat(perRow).isNotNull();
    for (int i = 0; i < bulk.size(); i++) {
      assertThat(perRow.vector(i)).isEqualTo(bulk.get(i));
      double[] values = bulk.get(i).toArray();
      float[] expected = new float[values.length];
      for (int j = 0; j < values.length; j++) {
        expected[j] = (float) values[j];
      }
      assertThat(perRow.floats(i)).as("row %d", i).containsExactly(expected);
    }
  }
}
