package dev.assay.model;

import static org.apache.spark.sql.functions.col;

import dev.assay.spark.VectorColumns;
import dev.assay.spec.Names;
import dev.assay.spec.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * The transformer of a stack: applies every base model to the same rows, turns each one's output
 * into its meta-feature columns ({@code stack_<key>}: the class-1 probability for binary, one column
 * per class for multiclass, the prediction for regression) and applies the meta model to them, all
 * in one lazy Spark plan, so scoring a stack is one pass like any other model.
 *
 * <p>As in {@link AverageMembers}, a base model's feature stage may rewrite its input columns in place:
 * every base reads, and the output keeps, the columns as they came in, from copies no stage touches.
 * Training uses {@link #withMetaFeatures} with the fold models to make the out-of-fold meta-features.
 */
public final class StackMembers extends Transformer {
  private static final long serialVersionUID = 1L;
  private static final String INPUT_COPY = "__assay_stack_input_";

  private final String uid;
  private final Parts parts;

  /** What a stack is made of; {@code meta} is null for the fold models of training. */
  private record Parts(StackArtifact descriptor, List<PipelineModel> bases, PipelineModel meta, String hash)
      implements Serializable {
    Parts {
      bases = List.copyOf(bases);
    }
  }

  /**
   * @param meta the meta model, or null for the fold models of training, which only make meta-features
   * @param descriptorHash the SHA-256 of the descriptor's bytes: the stack's model hash
   */
  StackMembers(StackArtifact descriptor, List<PipelineModel> bases, PipelineModel meta, String descriptorHash) {
    this(Identifiable$.MODULE$.randomUID("assayStackMembers"), new Parts(descriptor, bases, meta, descriptorHash));
  }

  private StackMembers(String uid, Parts parts) {
    this.uid = uid;
    this.parts = parts;
  }

  /** The stack's model hash: the SHA-256 of its descriptor, which names every part's own hash. */
  public String descriptorHash() {
    return parts.hash();
  }

  public StackArtifact descriptor() {
    return parts.descriptor();
  }

  /** The base models in descriptor order. */
  public List<PipelineModel> bases() {
    return parts.bases();
  }

  public PipelineModel meta() {
    return parts.meta();
  }

  /** The stack's single stage, or null when {@code pipeline} is not a stack. */
  public static StackMembers of(PipelineModel pipeline) {
    return pipeline.stages().length == 1 && pipeline.stages()[0] instanceof StackMembers s ? s : null;
  }

  /** The input rows with every column as it came in, plus the meta-feature columns. */
  public Dataset<Row> withMetaFeatures(Dataset<?> dataset) {
    Dataset<Row> current = dataset.toDF();
    String[] names = current.columns();
    List<Column> restore = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      current = current.withColumn(INPUT_COPY + k, col(Names.quoteIdentifier(names[k])));
      restore.add(col(INPUT_COPY + k).as(names[k]));
      restore.add(col(INPUT_COPY + k));
    }
    List<String> metaColumns = descriptor().metaColumns();
    List<Column> made = new ArrayList<>();
    int next = 0;
    Set<String> carried = new LinkedHashSet<>();
    for (int k = 0; k < names.length; k++) {
      carried.add(INPUT_COPY + k);
    }
    for (PipelineModel base : bases()) {
      Dataset<Row> out = ModelStageInput.transformCarrying(base, current, carried);
      List<Column> keep = new ArrayList<>(restore);
      keep.addAll(made);
      Task task = descriptor().taskConstant();
      if (task == Task.REGRESSION) {
        keep.add(out.col("prediction").cast("double").as(metaColumns.get(next++)));
      } else {
        Column p = VectorColumns.values(out.col("probability"));
        int from = descriptor().classes() == 1 ? 1 : 0;
        for (int c = from; c < from + descriptor().classes(); c++) {
          keep.add(p.getItem(c).as(metaColumns.get(next++)));
        }
      }
      current = out.select(keep.toArray(Column[]::new));
      made = new ArrayList<>();
      for (int i = 0; i < next; i++) {
        made.add(col(metaColumns.get(i)));
        carried.add(metaColumns.get(i));
      }
    }
    List<Column> result = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      result.add(col(INPUT_COPY + k).as(names[k]));
    }
    result.addAll(made);
    return current.select(result.toArray(Column[]::new));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String[] names = dataset.columns();
    Dataset<Row> out = meta().transform(withMetaFeatures(dataset));
    List<Column> result = new ArrayList<>();
    for (String n : names) {
      result.add(out.col(Names.quoteIdentifier(n)));
    }
    if (descriptor().taskConstant() != Task.REGRESSION) {
      result.add(out.col("probability"));
    }
    result.add(out.col("prediction").cast("double").as("prediction"));
    return out.select(result.toArray(Column[]::new));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = schema;
    if (descriptor().taskConstant() != Task.REGRESSION) {
      out = out.add("probability", new VectorUDT(), true);
    }
    return out.add("prediction", DataTypes.DoubleType, true);
  }

  @Override
  public StackMembers copy(ParamMap extra) {
    return new StackMembers(uid, parts);
  }

  @Override
  public String uid() {
    return uid;
  }
}
