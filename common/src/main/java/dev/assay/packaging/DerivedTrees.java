package dev.assay.packaging;

import dev.assay.errors.PackageErrors;
import dev.assay.features.FeatureState;
import dev.assay.scorer.Manifest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/** A feature stage's derived columns as the package holds them: SQL for people, a typed tree for scorers. */
final class DerivedTrees {
  private DerivedTrees() {}

  static List<Manifest.Derived> of(String model, List<FeatureState.Derived> derive, StructType schema) {
    if (!derive.isEmpty()) {
      throw PackageErrors.notExportable(model, "a derived expression");
    }
    return List.of();
  }

  /** The columns of {@code schema} the expressions read. */
  static Set<String> references(List<FeatureState.Derived> derive, StructType schema) {
    return new LinkedHashSet<>();
  }
}
