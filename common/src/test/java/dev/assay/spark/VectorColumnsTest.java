package dev.assay.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A vector column's values and entries read from its stored struct are the bits of Spark's own {@code
 * vector_to_array} (and {@code element_at} of it), for dense and sparse vectors, with and without code generation;
 * and floats fed to native models are those values rounded to float32.
 */
class VectorColumnsTest extends SparkTestBase {
  private static final List<Vector> VECTORS = List.of(
      Vectors.dense(0.25, 0.75, -0.0),
      Vectors.dense(Double.NaN, Double.POSITIVE_INFINITY, 1.5e-310),
      Vectors.sparse(3, new int[] {1}, new double[] {0.125}),
      Vectors.sparse(3, new int[] {}, new double[] {}),
      Vectors.sparse(3, new int[] {0, 2}, new double[] {-1.0, Double.NEGATIVE_INFINITY}));

  private static Dataset<Row> vectors() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < VECTORS.size(); i++) {
      rows.add(RowFactory.create((long) i, VECTORS.get(i)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false).add("v", SQLDataTypes.VectorType());
    // Through a shuffle: over a local relation the optimizer would evaluate the projections itself.
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void valuesAndEntriesAreSparksOwnBits(boolean codegen) {
    withCodegen(codegen, () -> {
      List<Row> got = vectors().select(col("id"), VectorColumns.values(col("v")),
          VectorColumns.element(col("v"), 0), VectorColumns.element(col("v"), 2)).orderBy("id").collectAsList();
      List<Row> want = vectors().select(col("id"), functions.vector_to_array(col("v"), "float64"),
          element_at(functions.vector_to_array(col("v"), "float64"), 1),
          element_at(functions.vector_to_array(col("v"), "float64"), 3)).orderBy("id").collectAsList();
      assertThat(got).hasSize(VECTORS.size());
      for (int i = 0; i < got.size(); i++) {
        List<Double> values = got.get(i).getList(1);
        List<Double> expected = want.get(i).getList(1);
        assertThat(values).hasSize(3);
        for (int j = 0; j < 3; j++) {
          assertThat(Double.doubleToRawLongBits(values.get(j))).as("row %d, entry %d", i, j)
              .isEqualTo(Double.doubleToRawLongBits(expected.get(j)));
        }
        assertThat(Double.doubleToRawLongBits(got.get(i).getDouble(2)))
            .isEqualTo(Double.doubleToRawLongBits(want.get(i).getDouble(2)));
        assertThat(Double.doubleToRawLongBits(got.get(i).getDouble(3)))
            .isEqualTo(Double.doubleToRawLongBits(want.get(i).getDouble(3)));
      }
      return null;
    });
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anEntryPastTheEndIsRefusedNamingTheSize(boolean codegen) {
    withCodegen(codegen, () -> {
      assertThatThrownBy(() -> vectors().select(VectorColumns.element(col("v"), 3)).collectAsList())
          .rootCause().hasMessage("Cannot read entry 3 of a vector of 3 values");
      return null;
    });
  }

  @Test
  void floatsAreTheValuesInFloat32AndASparseVectorsZerosAreWritten() {
    VectorUDT udt = new VectorUDT();
    for (Vector v : VECTORS) {
      InternalRow stored = udt.serialize(v);
      float[] out = new float[5];
      Arrays.fill(out, 42f);
      VectorColumns.floatsInto(stored, out, 1);
      assertThat(VectorColumns.size(stored)).isEqualTo(3);
      assertThat(out[0]).isEqualTo(42f);
      assertThat(out[4]).isEqualTo(42f);
      for (int j = 0; j < 3; j++) {
        assertThat(Float.floatToRawIntBits(out[1 + j])).as("%s, entry %d", v, j)
            .isEqualTo(Float.floatToRawIntBits((float) v.apply(j)));
      }
    }
  }
}
