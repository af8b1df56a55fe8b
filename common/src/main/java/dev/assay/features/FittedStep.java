package dev.assay.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.assay.spec.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * One fitted transform, as data: what it fitted on the training version and how it maps a row.
 * Applying is a column expression per row, so the result of a row never depends on the other rows
 * or on the partitioning; the fitted values are recorded in the models table as JSON (the wrapper
 * key names the kind) and covered by the model hash.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(value = FittedStep.Fill.class, name = "fill"),
    @JsonSubTypes.Type(value = FittedStep.Buckets.class, name = "buckets"),
    @JsonSubTypes.Type(value = FittedStep.OneHot.class, name = "one_hot"),
    @JsonSubTypes.Type(value = FittedStep.Affine.class, name = "affine"),
    @JsonSubTypes.Type(value = FittedStep.Log1p.class, name = "log1p"),
    @JsonSubTypes.Type(value = FittedStep.Clip.class, name = "clip")})
public sealed interface FittedStep {
  /** The data with this step applied: its input column rewritten, or its output column added. */
  Dataset<Row> apply(Dataset<Row> data);

  /** The column the step reads. */
  String column();

  /** The column as a double; a null stays null and NaN stays NaN (both read as missing). */
  private static Column number(String column) {
    return col(Names.quoteIdentifier(column)).cast("double");
  }

  private static Column missing(Column x) {
    return x.isNull().or(isnan(x));
  }

  /** Missing values (null, NaN) of {@code column} become {@code value}. */
  record Fill(String column, double value) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      Column x = number(column);
      return data.withColumn(column, when(missing(x), lit(value)).otherwise(x));
    }
  }

  /** {@code output} is the number of split points at or below the value (0..n); missing stays null. */
  record Buckets(String column, String output, List<Double> splits) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      Column x = number(column);
      Column bucket = lit(splits.size()).cast("double");
      for (int i = splits.size() - 1; i >= 0; i--) {
        bucket = when(x.lt(lit(splits.get(i))), lit((double) i)).otherwise(bucket);
      }
      return data.withColumn(output, when(missing(x), lit(null).cast("double")).otherwise(bucket));
    }
  }

  /** One 0/1 column per category of the training vocabulary (sorted); an unseen or null value is all zeros. */
  record OneHot(String column, List<String> categories) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      Column x = col(Names.quoteIdentifier(column)).cast("string");
      List<String> names = indicators();
      Map<String, Column> columns = new LinkedHashMap<>();
      for (int i = 0; i < categories.size(); i++) {
        columns.put(names.get(i), when(x.equalTo(lit(categories.get(i))), lit(1.0)).otherwise(lit(0.0)));
      }
      return data.withColumns(columns);
    }

    /** The indicator columns, in vocabulary order: {@code <column>__is_<i>}. */
    public List<String> indicators() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < categories.size(); i++) {
        out.add(column + "__is_" + i);
      }
      return out;
    }
  }

  /** {@code (x - shift) / scale}; with scale 0 (a constant column) every present value becomes 0. */
  record Affine(String column, double shift, double scale) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      Column x = number(column);
      Column mapped = scale == 0.0 ? lit(0.0) : x.minus(lit(shift)).divide(lit(scale));
      return data.withColumn(column, when(missing(x), x).otherwise(mapped));
    }
  }

  /** log(1 + x); Spark gives null for x &lt;= -1, which reads as missing. */
  record Log1p(String column) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      return data.withColumn(column, functions.log1p(number(column)));
    }
  }

  /** x limited to [min, max] (either bound may be absent); missing stays missing. */
  record Clip(String column, Double min, Double max) implements FittedStep {
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
      Column x = number(column);
      Column clipped = x;
      if (min != null) {
        clipped = greatest(clipped, lit(min));
      }
      if (max != null) {
        clipped = least(clipped, lit(max));
      }
      // greatest/least skip nulls and order NaN above every number: keep missing values out of them.
      return data.withColumn(column, when(missing(x), x).otherwise(clipped));
    }
  }
}
