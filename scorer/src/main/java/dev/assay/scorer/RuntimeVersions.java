package dev.assay.scorer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The model runtimes' release numbers on this classpath, as their jars record them. */
public final class RuntimeVersions {
  private static final String XGBOOST = read("xgboost4j-version.properties");
  private static final String NETLIB_BLAS = read("META-INF/maven/dev.ludovic.netlib/blas/pom.properties");
  /** lightgbmlib's jar records no version of its own: the scorer's build writes the one it depends on. */
  private static final String LIGHTGBM = read("dev/assay/scorer/lightgbmlib.properties");

  private RuntimeVersions() {}

  /** XGBoost4J's release (its jar's {@code xgboost4j-version.properties}; the Spark jar bundles the same file). */
  public static String xgboost() {
    return XGBOOST;
  }

  /** netlib's BLAS release (its jar's Maven {@code pom.properties}), whose dot product logistic regression uses. */
  public static String netlibBlas() {
    return NETLIB_BLAS;
  }

  /** The lightgbmlib release (LightGBM's native library as SynapseML ships it) this scorer was built with. */
  public static String lightgbm() {
    return LIGHTGBM;
  }

  private static String read(String resource) {
    Properties p = new Properties();
    try (InputStream in = RuntimeVersions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
