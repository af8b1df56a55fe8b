package dev.assay.drift;

/**
 * How one feature moved between two versions of a table.
 *
 * @param feature the column name
 * @param kind {@code numeric} (decile bins of the reference) or {@code categorical} (category shares)
 * @param psi the population stability index, or null when it cannot be computed (the column is
 *     missing on one side, its type is no longer comparable, or one side has no rows)
 * @param bins the number of bins or categories compared, missing values included, or null
 * @param fromMissing null or NaN values in the reference version
 * @param toMissing null or NaN values in the new version
 * @param schemaChange how the column's schema changed ({@code added}, {@code removed},
 *     {@code type int -> double}), or null
 */
public record FeatureDrift(String feature, String kind, Double psi, Integer bins, Long fromMissing, Long toMissing,
    String schemaChange) {}
