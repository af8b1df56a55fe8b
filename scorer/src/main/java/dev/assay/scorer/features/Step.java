package dev.assay.scorer.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * One fitted transform applied to one row: the row-at-a-time twin of Assay's {@code FittedStep} (which applies
 * the same step as a Spark column expression), read from the same JSON ({@code feature_transforms} in the models
 * table, {@code features.steps} in a package manifest). Each step reads its column as a double (a null or NaN is
 * missing) and writes a double or a null, with the arithmetic Spark's expression does, in the same order, so the
 * bits are the same.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(value = Step.Fill.class, name = "fill"),
    @JsonSubTypes.Type(value = Step.Buckets.class, name = "buckets"),
    @JsonSubTypes.Type(value = Step.OneHot.class, name = "one_hot"),
    @JsonSubTypes.Type(value = Step.Affine.class, name = "affine"),
    @JsonSubTypes.Type(value = Step.Log1p.class, name = "log1p"),
    @JsonSubTypes.Type(value = Step.Clip.class, name = "clip")})
public sealed interface Step {
  /** Applies the step to {@code row} (column name to value), in place. */
  void apply(Map<String, Object> row);

  private static Double number(Map<String, Object> row, String column) {
    return Values.toDouble(row.get(column));
  }

  private static boolean missing(Double x) {
    return x == null || x.isNaN();
  }

  /** Missing values become {@code value}. */
  record Fill(String column, double value) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      Double x = number(row, column);
      row.put(column, missing(x) ? value : x);
    }
  }

  /** {@code output}: the number of split points at or below the value (0..n); missing stays null. */
  record Buckets(String column, String output, List<Double> splits) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      Double x = number(row, column);
      if (missing(x)) {
        row.put(output, null);
        return;
      }
      double bucket = splits.size();
      for (int i = splits.size() - 1; i >= 0; i--) {
        if (x < splits.get(i)) {
          bucket = i;
        }
      }
      row.put(output, bucket);
    }
  }

  /** One 0/1 column per vocabulary entry ({@code <column>__is_<i>}); unseen and null are all zeros. */
  record OneHot(String column, List<String> categories) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      String x = Values.toSqlString(row.get(column));
      for (int i = 0; i < categories.size(); i++) {
        row.put(column + "__is_" + i, categories.get(i).equals(x) ? 1.0 : 0.0);
      }
    }
  }

  /** {@code (x - shift) / scale}; scale 0 maps every present value to 0; missing stays as it is. */
  record Affine(String column, double shift, double scale) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      Double x = number(row, column);
      row.put(column, missing(x) ? x : scale == 0.0 ? 0.0 : (x - shift) / scale);
    }
  }

  /** {@code log(1 + x)} as Spark computes it ({@code StrictMath.log1p}); null for x &lt;= -1 and for null. */
  record Log1p(String column) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      Double x = number(row, column);
      row.put(column, x == null || x <= -1.0 ? null : StrictMath.log1p(x));
    }
  }

  /** x limited to [min, max] (either bound may be absent); missing stays missing. */
  record Clip(String column, Double min, Double max) implements Step {
    @Override
    public void apply(Map<String, Object> row) {
      Double x = number(row, column);
      if (missing(x)) {
        row.put(column, x);
        return;
      }
      double c = x;
      if (min != null && c < min) {
        c = min;
      }
      if (max != null && c > max) {
        c = max;
      }
      row.put(column, c);
    }
  }
}
