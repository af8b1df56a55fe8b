package dev.assay.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the libraries that change results, recorded on runs and models. */
public final class LibraryVersions {
  private static final String XGBOOST = load();

  private LibraryVersions() {}

  public static String xgboostVersion() {
    return XGBOOST;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = LibraryVersions.class.getClassLoader().getResourceAsStream("xgboost4j-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
