package dev.assay.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dense assembler's vectors are the bits Spark's own {@code array_to_vector} gives for the same values (nulls
 * as NaN; ints, NaN, infinities and -0.0 as they are), always dense, with and without code generation (without,
 * Spark calls the assembler's static method by reflection).
 */
class AssembleDenseFeaturesTest extends SparkTestBase {
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void vectorsAreSparksOwnBitsAndAlwaysDense(boolean codegen) {
    withCodegen(codegen, () -> {
      Dataset<Row> data = spark.sql("select * from values "
          + "(1, 0.0d, 0, cast(null as double)), "
          + "(2, -0.0d, 7, cast('NaN' as double)), "
          + "(3, cast(null as double), cast(null as int), cast('Infinity' as double)), "
          + "(4, 1.5e-310d, -3, cast('-Infinity' as double)), "
          + "(5, 0.0d, 0, 0.0d) as t(id, a, b, c)")
          // Through a shuffle: over a local relation the optimizer would evaluate the projections itself.
          .repartition(2);
      String[] inputs = {"a", "b", "c"};
      List<Column> parts = new ArrayList<>();
      for (String c : inputs) {
        parts.add(coalesce(col(c).cast("double"), lit(Double.NaN)));
      }
      List<Row> want = data.select(col("id"), functions.array_to_vector(array(parts.toArray(Column[]::new))))
          .orderBy("id").collectAsList();
      List<Row> got = new AssembleDenseFeatures().setInputCols(inputs).setOutputCol("v").transform(data)
          .select("id", "v").orderBy("id").collectAsList();
      assertThat(got).hasSize(5);
      for (int i = 0; i < got.size(); i++) {
        Vector v = got.get(i).getAs(1);
        assertThat(v).isInstanceOf(DenseVector.class);
        double[] w = ((Vector) want.get(i).getAs(1)).toArray();
        for (int j = 0; j < inputs.length; j++) {
          assertThat(Double.doubleToRawLongBits(v.apply(j))).as("row %d, %s", i + 1, inputs[j])
              .isEqualTo(Double.doubleToRawLongBits(w[j]));
        }
      }
      // An all-zero row stays dense: XGBoost would read a sparse vector's zeros as missing.
      assertThat(((Vector) got.get(4).getAs(1)).toArray()).containsExactly(0.0, 0.0, 0.0);
      return null;
    });
  }
}
