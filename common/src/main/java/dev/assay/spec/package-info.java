/**
 * Typed job specs: the YAML file a user writes to configure a training or evaluation job.
 *
 * <p>{@link dev.assay.spec.SpecLoader} reads a spec file, applies {@code --set key=value}
 * overrides and binds it to the {@link dev.assay.spec.JobSpec} record tree. The records fill their
 * defaults and check their own rules in their compact constructors, so any {@code JobSpec} that
 * exists is valid and normalized. {@link dev.assay.spec.RecordedSpec} is what each run records as its
 * spec: one typed record per command, one canonical-JSON writer and one reader. This package is pure Java:
 * no Spark.
 */
package dev.assay.spec;
