package dev.assay.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --context k=v}: scheduler context recorded on the run, one declaration for every command a
 * scheduler starts (the run row's {@code scheduler_context} joins it with {@code AIRFLOW_CTX_*}).
 */
final class ContextOption {
  @Option(names = "--context", description = "Scheduler context key=value recorded on the run (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();
}
