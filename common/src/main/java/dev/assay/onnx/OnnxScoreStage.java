package dev.assay.onnx;

import dev.assay.errors.ReproducibilityErrors;
import dev.assay.spark.SavedTransformer;
import dev.assay.spec.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The last stage of an imported ONNX model's pipeline: scores the dense feature vector of every row with ONNX
 * Runtime on the executors ({@link ScorePartitions}) and adds the columns every Assay model gives, so evaluate,
 * score, ensembles and the rest need no ONNX case: {@code probability} (a vector: {@code [1 - p, p]} for binary,
 * the K class probabilities for multiclass) and {@code prediction} (the value for regression, the most probable
 * class otherwise).
 *
 * <p>Saved as its params alone (the binding JSON and the model hash); the graph is the artifact's
 * {@value #FILE}, three directories above the stage's own ({@code <artifact>/pipeline/stages/<i>_<uid>}), read
 * when the pipeline is loaded. One copy of the file: the one users take to serve the model elsewhere, the one
 * whose SHA-256 is the registered {@code model_hash}.
 */
public class OnnxScoreStage extends SavedTransformer {
  private static final long serialVersionUID = 1L;
  /** The graph's file name in the model's artifact directory. */
  public static final String FILE = "model.onnx";

  private final Param<String> binding;
  private final Param<String> modelHash;
  private final Param<String> featuresCol;
  private transient byte[] bytes;
  private transient OnnxBinding parsed;
  private transient Broadcast<byte[]> shipped;

  public OnnxScoreStage() {
    this(Identifiable$.MODULE$.randomUID("onnxScore"));
  }

  public OnnxScoreStage(String uid) {
    super(uid);
    binding = new Param<>(this, "binding", "how features feed the graph and which output is the score (JSON)");
    modelHash = new Param<>(this, "modelHash", "SHA-256 of the ONNX file");
    featuresCol = new Param<>(this, "featuresCol", "the dense feature vector column");
  }

  /** A stage scoring {@code featuresCol} with the graph {@code bytes} (hashed {@code hash}) as bound. */
  public static OnnxScoreStage of(byte[] bytes, String hash, OnnxBinding bound, String featuresCol) {
    OnnxScoreStage s = new OnnxScoreStage();
    s.set(s.binding, bound.toJson());
    s.set(s.modelHash, hash);
    s.set(s.featuresCol, featuresCol);
    s.bytes = bytes;
    return s;
  }

  public Param<String> binding() {
    return binding;
  }

  public Param<String> modelHash() {
    return modelHash;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** The ONNX file's bytes. */
  public byte[] modelBytes() {
    return bytes;
  }

  public OnnxBinding bound() {
    if (parsed == null) {
      parsed = OnnxBinding.fromJson($(binding));
    }
    return parsed;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    StructType out = transformSchema(df.schema());
    int features = df.schema().fieldIndex($(featuresCol));
    SparkSession spark = df.sparkSession();
    // Spark's internal rows in and out (see ScorePartitions). The input plan is planned here; with adaptive
    // execution, a plan with a shuffle runs that shuffle when the RDD is made, not at the caller's action.
    RDD<InternalRow> scored = df.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new ScorePartitions(broadcast(spark), $(modelHash), bound(), features, out)).rdd();
    return spark.internalCreateDataFrame(scored, out, false);
  }

  private Broadcast<byte[]> broadcast(SparkSession spark) {
    if (shipped == null) {
      shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
    }
    return shipped;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = schema;
    if (bound().task() != Task.REGRESSION) {
      out = out.add("probability", SQLDataTypes.VectorType(), false);
    }
    return out.add("prediction", DataTypes.DoubleType, false);
  }

  @Override
  public OnnxScoreStage copy(ParamMap extra) {
    OnnxScoreStage copy = (OnnxScoreStage) super.copy(extra);
    copy.bytes = bytes;
    return copy;
  }

  public static MLReader<OnnxScoreStage> read() {
    return new Reader();
  }

  /** Loads the params, then the graph from the artifact directory. */
  private static final class Reader extends DefaultParamsReader<OnnxScoreStage> {
    @Override
    public OnnxScoreStage load(String path) {
      OnnxScoreStage stage = super.load(path);
      Path file = new Path(new Path(path).getParent().getParent().getParent(), FILE);
      try (InputStream in = file.getFileSystem(sparkSession().sessionState().newHadoopConf()).open(file)) {
        stage.bytes = in.readAllBytes();
      } catch (ChecksumException e) {
        throw ReproducibilityErrors.onnxChecksum(file, e);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the ONNX graph " + file, e);
      }
      return stage;
    }
  }
}
