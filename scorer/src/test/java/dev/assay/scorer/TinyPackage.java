package dev.assay.scorer;

import dev.assay.scorer.expr.SqlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * A package made without Spark for the scorer's own tests: a small binary XGBoost booster trained here on two
 * numeric inputs and one string category, its golden rows scored by the same booster. What export adds (Spark's
 * outputs) is tested where Spark is (ExportCliTest); here the package format, the checks and the server.
 */
public final class TinyPackage {
  static final List<String> PLANS = List.of("basic", "premium");

  private TinyPackage() {}

  /** Writes the package into {@code dir} and returns it. */
  public static Path write(Path dir) throws Exception {
    int n = 400;
    float[] x = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i * 3] = i % 37;
      x[i * 3 + 1] = (i * 7919 % 101) / 10f;
      x[i * 3 + 2] = i % 3 == 0 ? 1 : 0;
      y[i] = x[i * 3] + 3 * x[i * 3 + 2] > 20 ? 1 : 0;
    }
    DMatrix train = new DMatrix(x, n, 3, Float.NaN);
    train.setLabel(y);
    Map<String, Object> params = Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.3, "seed", 1,
        "nthread", 1);
    Booster booster = XGBoost.train(train, params, 5, Map.of(), null, null);
    byte[] json = booster.toByteArray("json");
    Files.createDirectories(dir.resolve("model"));
    Files.write(dir.resolve("model/booster.json"), json);

    List<GoldenRow> golden = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tenure", i % 5 == 4 ? null : i * 3);
      row.put("charges", i % 7 == 6 ? "NaN" : i * 1.25);
      row.put("plan", i % 6 == 5 ? "unheard-of" : PLANS.get(i % 2));
      float[] f = {i % 5 == 4 ? Float.NaN : i * 3, i % 7 == 6 ? Float.NaN : (float) (i * 1.25),
          i % 6 == 5 ? 2 : i % 2};
      float p = booster.predict(new DMatrix(f, 1, 3, Float.NaN))[0][0];
      List<Double> features = new ArrayList<>();
      for (float v : f) {
        features.add((double) v);
      }
      golden.add(new GoldenRow(row, features, new Prediction(p >= 0.5 ? 1.0 : 0.0, (double) p, null)));
    }
    PackageFiles.writeGolden(dir.resolve("golden.jsonl"), golden);
    Map<String, String> files = Map.of("model/booster.json", PackageFiles.sha256(json), "golden.jsonl",
        PackageFiles.sha256(Files.readAllBytes(dir.resolve("golden.jsonl"))));
    Manifest m = new Manifest(Manifest.SCHEMA_VERSION,
        new Manifest.ModelInfo("tiny", 1, "tiny:1", PackageFiles.sha256(json), Manifest.Algorithm.XGBOOST,
            Manifest.Task.BINARY, "binary:logistic", "cpu", null),
        new Manifest.Output("probability of class 1", "sigmoid", 2, 0.5, List.of("prediction", "probability")),
        List.of(new Manifest.Input("tenure", SqlType.INT, Manifest.Role.NUMERIC),
            new Manifest.Input("charges", SqlType.DOUBLE, Manifest.Role.NUMERIC),
            new Manifest.Input("plan", SqlType.STRING, Manifest.Role.CATEGORICAL)),
        new Manifest.Features(List.of(), List.of(), Map.of(), List.of(), List.of(new Manifest.Category("plan",
            "plan__idx", PLANS)), List.of("tenure", "charges", "plan__idx")),
        "NaN is missing", new Manifest.Lineage(List.of(), "run", "key", "test", "now"),
        List.of(new Manifest.Runtime("xgboost", "model/booster.json", "json", "3.4.0", "3.1.0", "vector intercept")),
        files, new Manifest.Golden("golden.jsonl", golden.size(), "tiny", 0L, "made by TinyPackage"), null, null);
    Files.write(dir.resolve(Manifest.FILE), PackageFiles.manifestBytes(m));
    booster.dispose();
    return dir;
  }

  /** Rewrites the manifest with {@code edit} applied to its text. */
  public static void editManifest(Path dir, UnaryOperator<String> edit) throws Exception {
    Path f = dir.resolve(Manifest.FILE);
    Files.writeString(f, edit.apply(Files.readString(f)));
  }
}
