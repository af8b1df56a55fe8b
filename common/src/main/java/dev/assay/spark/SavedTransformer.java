package dev.assay.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A Spark ML stage of Assay's own that is saved with its pipeline as its params alone (Spark's
 * default params format). A subclass declares its params, a constructor taking the uid, and a
 * static {@code read()} returning a {@code DefaultParamsReader}: Spark finds that method by
 * reflection when it loads the saved pipeline.
 */
public abstract class SavedTransformer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;

  protected SavedTransformer(String uid) {
    this.uid = uid;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return DefaultParamsWritable.super.write();
  }
}
