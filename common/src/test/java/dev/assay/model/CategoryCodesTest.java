package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoryCodesTest extends SparkTestBase {
  @Test
  void theCodesAreTheIndexersForSeenUnseenAndNullValuesOfStringAndNumericColumns(@TempDir Path dir)
      throws Exception {
    Dataset<Row> train = spark.sql("SELECT * FROM VALUES ('b', 3, 1.5), ('a', 1, 2.0), ('c\\'q', 3, null), "
        + "('a', null, 1.5), (null, 2, 2.0) AS t(plan, calls, ratio)");
    Dataset<Row> score = spark.sql("SELECT * FROM VALUES ('a', 1, 1.5), ('zz', 7, 9.0), (null, null, null), "
        + "('c\\'q', 2, 2.0), ('b', 3, 1.50) AS t(plan, calls, ratio)");
    String[] in = {"plan", "calls", "ratio"};
    String[] out = {"plan__idx", "calls__idx", "ratio__idx"};
    StringIndexerModel indexer = new StringIndexer().setInputCols(in).setOutputCols(out).setHandleInvalid("keep")
        .setStringOrderType("alphabetAsc").fit(train);
    CategoryCodes codes = CategoryCodes.of(indexer);

    assertThat(codes.labelsArray()).isDeepEqualTo(indexer.labelsArray());
    List<Row> expected = indexer.transform(score).select("plan", "plan__idx", "calls__idx", "ratio__idx")
        .collectAsList();
    assertThat(codes.transform(score).select("plan", "plan__idx", "calls__idx", "ratio__idx").collectAsList())
        .isEqualTo(expected);
    // Unseen values and nulls: the extra code, one past the labels (a quote inside a label is a plain character).
    assertThat(expected).extracting(r -> r.get(0) + "=" + r.getDouble(1))
        .containsExactly("a=0.0", "zz=3.0", "null=3.0", "c'q=2.0", "b=1.0");

    // Saved and loaded with its pipeline, the stage gives the same codes.
    PipelineModel saved = new Pipeline().setStages(new PipelineStage[] {codes}).fit(train);
    saved.write().save(dir.resolve("p").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("p").toString());
    assertThat(loaded.stages()[0]).isInstanceOf(CategoryCodes.class);
    assertThat(loaded.transform(score).select("plan", "plan__idx", "calls__idx", "ratio__idx").collectAsList())
        .isEqualTo(expected);
  }
}
