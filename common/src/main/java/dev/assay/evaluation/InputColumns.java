package dev.assay.evaluation;

import dev.assay.errors.EvaluationErrors;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/** Column lookups and the wording of input-data errors, shared by the metric computations. */
final class InputColumns {
  /** How many offending distinct values an error message shows. */
  static final int EXAMPLES = 5;

  private InputColumns() {}

  /**
   * Returns the column after checking that it exists (exact, case-sensitive name) and that its
   * type is accepted; the message says what the column must hold.
   */
  static Column require(String task, Dataset<Row> data, String name, String role,
      Predicate<DataType> typeOk, String mustHold) {
    if (name == null || !Arrays.asList(data.columns()).contains(name)) {
      throw EvaluationErrors.inputColumnMissing(task, role, name, String.join(", ", data.columns()));
    }
    StructField field = data.schema().apply(name);
    if (!typeOk.test(field.dataType())) {
      throw EvaluationErrors.inputColumnType(task, role, name, field.dataType().simpleString(), mustHold);
    }
    // Backticks keep names with dots or spaces from being read as nested fields.
    return data.col("`" + name.replace("`", "``") + "`");
  }

  /** "1 row holds" / "3 rows hold": messages are read by people first. */
  static String rowsHold(long count) {
    return count == 1 ? "1 row holds" : count + " rows hold";
  }

  /** " (distinct values: a, b, ...)" from up to EXAMPLES + 1 sorted values, or "" if none. */
  static String distinctValues(List<Row> firstValues) {
    if (firstValues.isEmpty()) {
      return "";
    }
    String shown = firstValues.stream().limit(EXAMPLES)
        .map(r -> String.valueOf(r.get(0)))
        .collect(Collectors.joining(", "));
    return " (distinct values: " + shown + (firstValues.size() > EXAMPLES ? ", ..." : "") + ")";
  }
}
