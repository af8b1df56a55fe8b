package dev.assay.drift;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Drift between two versions of one table: row counts, schema changes and per-feature PSI.
 *
 * @param fromRows rows in the reference version
 * @param toRows rows in the new version
 * @param schemaChange every column added, removed or retyped, in one line, or null when none
 * @param features one entry per feature column of the spec
 */
public record TableDrift(long fromRows, long toRows, String schemaChange, List<FeatureDrift> features) {
  public TableDrift {
    features = List.copyOf(features);
  }

  /** The feature with the largest PSI, if any PSI could be computed. */
  public Optional<FeatureDrift> largest() {
    return features.stream().filter(f -> f.psi() != null).max(Comparator.comparingDouble(FeatureDrift::psi));
  }

  /** Features whose column was added, removed or changed type. */
  public List<FeatureDrift> schemaChanged() {
    return features.stream().filter(f -> f.schemaChange() != null).toList();
  }
}
