package dev.assay.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.assay.spark.VectorColumns;
import dev.assay.spec.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The transformer of an averaging ensemble: runs each member pipeline on the same rows in one
 * pass and emits their mean as {@code probability} (binary, multiclass) or {@code prediction}
 * (regression), the columns every member family emits, so scoring and metrics treat an ensemble
 * like any other model.
 *
 * <p>Members are applied one after another on the same frame, keeping only the input columns and
 * each member's output between them, so no join is needed and row order never matters. The mean
 * adds the members left to right in their registered order and divides once: the same members in
 * the same order give the same bits.
 */
public final class AverageMembers extends Transformer {
  private static final long serialVersionUID = 1L;
  private static final String MEMBER_COL = "__assay_member_";
  private static final String INPUT_COPY = "__assay_input_";

  private final String uid;
  private final List<PipelineModel> members;
  private final Task task;
  private final String descriptorHash;

  public AverageMembers(List<PipelineModel> members, Task task, String descriptorHash) {
    this(Identifiable$.MODULE$.randomUID("assayAverageMembers"), members, task, descriptorHash);
  }

  private AverageMembers(String uid, List<PipelineModel> members, Task task, String descriptorHash) {
    this.uid = uid;
    this.members = List.copyOf(members);
    this.task = task;
    this.descriptorHash = descriptorHash;
  }

  /** The SHA-256 of the ensemble's descriptor, which names every member's own model hash. */
  public String descriptorHash() {
    return descriptorHash;
  }

  /** The member pipelines in averaging order. */
  public List<PipelineModel> members() {
    return members;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> current = dataset.toDF();
    // A member's feature stage may rewrite its input columns in place (impute, scale, ...): every
    // member reads, and the result keeps, the columns as they came in, from copies no stage touches.
    String[] names = current.columns();
    List<Column> input = new ArrayList<>();
    List<Column> restore = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      current = current.withColumn(INPUT_COPY + k, col(quote(names[k])));
      input.add(col(quote(names[k])));
      restore.add(col(INPUT_COPY + k).as(names[k]));
      restore.add(col(INPUT_COPY + k));
    }
    boolean regression = task == Task.REGRESSION;
    List<Column> outputs = new ArrayList<>();
    Set<String> carried = new LinkedHashSet<>();
    for (int k = 0; k < names.length; k++) {
      carried.add(INPUT_COPY + k);
    }
    for (int i = 0; i < members.size(); i++) {
      Dataset<Row> out = ModelStageInput.transformCarrying(members.get(i), current, carried);
      Column value = regression ? out.col("prediction").cast("double")
          : VectorColumns.values(out.col("probability"));
      List<Column> keep = new ArrayList<>(restore);
      keep.addAll(outputs);
      keep.add(value.as(MEMBER_COL + i));
      current = out.select(keep.toArray(Column[]::new));
      outputs.add(col(MEMBER_COL + i));
      carried.add(MEMBER_COL + i);
    }
    List<Column> result = new ArrayList<>(input);
    if (regression) {
      result.add(expr("(" + sumOf(i -> MEMBER_COL + i) + ") / " + members.size() + ".0D").as("prediction"));
    } else {
      String mean = MEMBER_COL + "mean";
      String average = "transform(" + MEMBER_COL + "0, (x, k) -> (" + sumOf(i -> i == 0 ? "x" : MEMBER_COL + i + "[k]")
          + ") / " + members.size() + ".0D)";
      // Members with different class counts cannot be averaged; a short array would add nulls silently.
      String sameSize = sumOf(i -> "size(" + MEMBER_COL + i + ") = size(" + MEMBER_COL + "0)").replace(" + ", " and ");
      current = current.withColumn(mean, expr("if(" + sameSize + ", " + average + ", raise_error('Cannot average "
          + "ensemble members: they predict different numbers of classes; build the ensemble from models trained on "
          + "the same classes'))"));
      result.add(VectorColumns.dense(col(mean)).as("probability"));
      // The first maximum, as in ScoreModel and the metrics: ties go to the lowest class.
      result.add(expr("cast(array_position(" + mean + ", array_max(" + mean + ")) - 1 as double)").as("prediction"));
    }
    return current.select(result.toArray(Column[]::new));
  }

  private String sumOf(IntFunction<String> term) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < members.size(); i++) {
      b.append(i == 0 ? "" : " + ").append(term.apply(i));
    }
    return b.toString();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = schema;
    if (task != Task.REGRESSION) {
      out = out.add("probability", new VectorUDT(), true);
    }
    return out.add("prediction", DataTypes.DoubleType, true);
  }

  @Override
  public AverageMembers copy(ParamMap extra) {
    return new AverageMembers(uid, members, task, descriptorHash);
  }

  @Override
  public String uid() {
    return uid;
  }
}
