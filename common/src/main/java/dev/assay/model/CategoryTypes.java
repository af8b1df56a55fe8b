package dev.assay.model;

import dev.assay.errors.DataErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;

/**
 * Refuses to score a categorical column whose values would all read as other categories than the ones
 * the model learnt, because the column's type changed between training and scoring.
 *
 * <p>Why: a categorical value is its string form ({@link InputChecks}), so {@code 3} stored as int at
 * training is the category "3", and the same value stored as double at scoring is "3.0": an unseen
 * category in every row, which the indexer keeps as "unknown" (as it should for a truly new value) and
 * the metrics come out wrong with exit 0. The trained categories are the fitted indexer's vocabulary, so
 * the check needs nothing recorded beyond the model itself and works for every model already registered:
 * integer-formatted categories ("3") meet a floating-point or decimal column, or decimal-formatted ones
 * ("3.0") an integer column, or "true"/"false" a numeric one.
 */
final class CategoryTypes {
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern FRACTIONAL = Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?|NaN|-?Infinity");
  private static final int EXAMPLES = 3;

  private CategoryTypes() {}

  /** What kind of values a vocabulary holds, as the types that write them. */
  enum Kind {
    INTEGER("integer values", "int or long"),
    FRACTIONAL("floating-point values", "double or float"),
    BOOLEAN("boolean values", "boolean");

    final String values;
    final String types;

    Kind(String values, String types) {
      this.values = values;
      this.types = types;
    }
  }

  /** Throws an input-data error (exit 3) for the first categorical column of {@code schema} that cannot match. */
  static void check(PipelineModel pipeline, StructType schema, String table) {
    for (Vocabulary v : vocabularies(pipeline)) {
      String[] columns = v.columns();
      String[][] labels = v.labels();
      for (int i = 0; i < columns.length && i < labels.length; i++) {
        String column = columns[i];
        if (!InputChecks.hasField(schema, column)) {
          continue;
        }
        DataType now = schema.apply(column).dataType();
        Optional<Kind> trained = kind(labels[i]);
        if (trained.isPresent() && !compatible(trained.get(), now)) {
          throw DataErrors.categoryTypeChanged(new DataErrors.Column(table, column), now.simpleString(),
              trained.get().values + " " + Arrays.stream(labels[i]).limit(EXAMPLES).toList() + " of a column of type "
                  + trained.get().types);
        }
      }
    }
  }

  /** The kind of every label, when they share one; empty for strings or a mix. */
  static Optional<Kind> kind(String[] labels) {
    if (labels.length == 0) {
      return Optional.empty();
    }
    if (Arrays.stream(labels).allMatch(l -> INTEGER.matcher(l).matches())) {
      return Optional.of(Kind.INTEGER);
    }
    if (Arrays.stream(labels).allMatch(l -> FRACTIONAL.matcher(l).matches())) {
      return Optional.of(Kind.FRACTIONAL);
    }
    if (Arrays.stream(labels).allMatch(l -> "true".equals(l) || "false".equals(l))) {
      return Optional.of(Kind.BOOLEAN);
    }
    return Optional.empty();
  }

  /** Whether {@code type}'s string form can equal a label of {@code kind}; strings always can. */
  static boolean compatible(Kind kind, DataType type) {
    boolean fractional = type instanceof DoubleType || type instanceof FloatType
        || type instanceof DecimalType d && d.scale() > 0;
    boolean integer = type instanceof IntegralType || type instanceof DecimalType d && d.scale() == 0;
    return switch (kind) {
      case INTEGER -> !fractional && !(type instanceof BooleanType);
      case FRACTIONAL -> !integer && !(type instanceof BooleanType);
      case BOOLEAN -> !fractional && !integer;
    };
  }

  /** A fitted vocabulary: the categorical columns and, per column, its labels in code order. */
  record Vocabulary(String[] columns, String[][] labels) {}

  /**
   * The fitted category vocabularies of {@code pipeline} (the CPU path's indexers, the GPU path's
   * {@link CategoryCodes}) and of the members of an ensemble or stack it is.
   */
  static List<Vocabulary> vocabularies(PipelineModel pipeline) {
    List<Vocabulary> out = new ArrayList<>();
    for (Transformer t : pipeline.stages()) {
      if (t instanceof StringIndexerModel s) {
        out.add(new Vocabulary(s.isSet(s.inputCols()) ? s.getInputCols() : new String[] {s.getInputCol()},
            s.labelsArray()));
      } else if (t instanceof CategoryCodes c) {
        out.add(new Vocabulary(c.getInputCols(), c.labelsArray()));
      } else if (t instanceof AverageMembers a) {
        a.members().forEach(m -> out.addAll(vocabularies(m)));
      } else if (t instanceof StackMembers st) {
        st.bases().forEach(b -> out.addAll(vocabularies(b)));
      } else if (t instanceof PipelineModel p) {
        out.addAll(vocabularies(p));
      }
    }
    return out;
  }

}
