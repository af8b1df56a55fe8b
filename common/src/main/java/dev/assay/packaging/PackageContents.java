package dev.assay.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.errors.PackageErrors;
import dev.assay.features.FeatureStageModel;
import dev.assay.features.FeatureState;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.AssembleDenseFeatures;
import dev.assay.model.TrainMllib;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.expr.SqlType;
import dev.assay.spec.Algorithm;
import dev.assay.spec.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a registered model's package holds, read off its fitted pipeline stage by stage: the feature stage's state
 * (derived expressions as typed trees, fitted steps, casts), MLlib's imputation, the category indexer's
 * vocabularies, the dense assembler's column order and the model. A stage the scorer does not implement is refused
 * by name, so a package never leaves out part of what Spark applies.
 *
 * @param inputs the input columns with their types in the training table, in the order the manifest lists them
 * @param features the feature pipeline as data
 * @param model the model files and their runtimes
 */
record PackageContents(List<Manifest.Input> inputs, Manifest.Features features, PackagedModel model) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static PackageContents of(ModelRecord model, FeatureSpec f, PipelineModel pipeline, StructType schema) {
    FeatureState state = null;
    List<Manifest.Category> categories = new ArrayList<>();
    List<String> vector = null;
    SQLTransformer imputation = null;
    Transformer[] stages = pipeline.stages();
    for (Transformer stage : Arrays.copyOf(stages, stages.length - 1)) {
      if (stage instanceof FeatureStageModel m) {
        state = m.fitted();
      } else if (stage instanceof SQLTransformer m && model.algorithm() != Algorithm.XGBOOST) {
        imputation = m;
      } else if (stage instanceof StringIndexerModel m) {
        String[] in = m.isSet(m.inputCols()) ? m.getInputCols() : new String[] {m.getInputCol()};
        String[] out = m.isSet(m.outputCols()) ? m.getOutputCols() : new String[] {m.getOutputCol()};
        for (int i = 0; i < in.length; i++) {
          categories.add(new Manifest.Category(in[i], out[i], List.of(m.labelsArray()[i])));
        }
      } else if (stage instanceof AssembleDenseFeatures m) {
        vector = List.of(m.getOrDefault(m.inputCols()));
      } else {
        throw PackageErrors.notExportable(model.ref(), "its pipeline stage " + stage.getClass().getSimpleName());
      }
    }
    if (vector == null) {
      throw PackageErrors.notExportable(model.ref(), "a pipeline without a dense feature vector (a GPU-trained "
          + "model)");
    }
    List<Manifest.Input> inputs = inputs(model, f, state, schema);
    Manifest.Features features = new Manifest.Features(
        state == null ? List.of() : DerivedTrees.of(model.ref(), state.derive(), prepared(f, schema)),
        state == null ? List.of() : steps(state),
        state == null ? Map.of() : state.casts(),
        imputed(model.ref(), imputation, vector), categories, vector);
    return new PackageContents(inputs, features, PackagedModel.of(model.ref(), model.task(),
        model.params().getOrDefault("objective", ""), pipeline));
  }

  /**
   * MLlib's imputation as data: the numeric features are the vector's {@code __filled} columns, and the stage must
   * be the statement Assay writes for them (anything else is a stage the scorer does not know).
   */
  private static List<Manifest.Imputed> imputed(String ref, SQLTransformer stage, List<String> vector) {
    if (stage == null) {
      return List.of();
    }
    List<String> numeric = vector.stream().filter(c -> c.endsWith(TrainMllib.FILLED))
        .map(c -> c.substring(0, c.length() - TrainMllib.FILLED.length())).toList();
    if (!stage.getStatement().equals(TrainMllib.imputationSql(numeric))) {
      throw PackageErrors.notExportable(ref, "its SQL stage (" + stage.getStatement() + ")");
    }
    return numeric.stream().map(c -> new Manifest.Imputed(c, c + TrainMllib.FILLED, c + TrainMllib.MISSING))
        .toList();
  }

  /**
   * The schema the feature stage sees: Assay's input preparation has cast the numeric features to double and the
   * categorical ones to string (an {@code int} column read by a derived expression is a {@code double} there).
   */
  private static StructType prepared(FeatureSpec f, StructType schema) {
    StructType out = new StructType();
    for (StructField field : schema.fields()) {
      DataType type = f.numeric().contains(field.name()) ? DataTypes.DoubleType
          : f.categorical().contains(field.name()) ? DataTypes.StringType : field.dataType();
      out = out.add(field.name(), type, field.nullable());
    }
    return out;
  }

  /** The fitted steps as the models table records them: one JSON object each, the wrapper key naming the kind. */
  private static List<JsonNode> steps(FeatureState state) {
    try {
      JsonNode all = JSON.readTree(state.toJson()).get("steps");
      List<JsonNode> out = new ArrayList<>();
      all.forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the feature state of the model", e);
    }
  }

  /**
   * The columns a row must carry: the raw numeric and categorical features (cast to double and string before the
   * pipeline, as Assay's input preparation does), then every other table column a derived expression or a step
   * reads, with its own type.
   */
  private static List<Manifest.Input> inputs(ModelRecord model, FeatureSpec f, FeatureState state,
      StructType schema) {
    Set<String> produced = f.produced();
    Map<String, Manifest.Role> roles = new LinkedHashMap<>();
    f.numeric().stream().filter(c -> !produced.contains(c)).forEach(c -> roles.put(c, Manifest.Role.NUMERIC));
    f.categorical().stream().filter(c -> !produced.contains(c)).forEach(c -> roles.put(c,
        Manifest.Role.CATEGORICAL));
    if (state != null) {
      Set<String> read = new LinkedHashSet<>(DerivedTrees.references(state.derive(), schema));
      state.steps().forEach(s -> read.add(s.column()));
      read.stream().filter(c -> schema.getFieldIndex(c).isDefined()).forEach(c -> roles.putIfAbsent(c,
          Manifest.Role.READ));
    }
    List<Manifest.Input> out = new ArrayList<>();
    roles.forEach((name, role) -> {
      if (schema.getFieldIndex(name).isEmpty()) {
        throw PackageErrors.notExportable(model.ref(), "input column " + name + ", absent from its training table,");
      }
      StructField field = schema.apply(name);
      String type = field.dataType().simpleString();
      SqlType sqlType;
      try {
        sqlType = SqlType.of(type);
      } catch (IllegalArgumentException e) {
        throw PackageErrors.unsupportedInput(model.ref(), name, type);
      }
      out.add(new Manifest.Input(name, sqlType, role));
    });
    return out;
  }
}
