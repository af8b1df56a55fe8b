/**
 * The feature stage of a model: {@code features.derive} expressions checked against the pinned schema, the
 * transforms of {@code features.transforms} fitted exactly on the training version (the same bits for any
 * partitioning), and {@link dev.assay.features.FeatureStageModel}, the saved first stage of the pipeline that
 * every command applies. Below {@code model}; it uses {@code spark}, {@code spec}, {@code metrics} and
 * {@code errors}.
 */
package dev.assay.features;
