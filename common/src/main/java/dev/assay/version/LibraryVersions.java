package dev.assay.version;

import dev.assay.scorer.RuntimeVersions;

/** Versions of the libraries that change results, recorded on runs and models. */
public final class LibraryVersions {
  private LibraryVersions() {}

  public static String xgboostVersion() {
    return RuntimeVersions.xgboost();
  }
}
