package dev.assay.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.errors.Preconditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run records as its spec (the {@code spec} column of the runs table): one typed record per
 * command. {@link #json()} is the one writer: canonical JSON by the rules of
 * {@link SpecLoader#canonicalJson} (keys sorted at every level, absent values left out, strings
 * JSON-escaped), so a table path with a quote or a backslash is recorded as it is. {@link #read}
 * is the one reader, used by {@code verify}.
 *
 * <p>Keys are the snake_case names of the record components. {@code train}, {@code retrain} and
 * {@code ensemble} record their job spec itself, byte for byte its canonical JSON, because run
 * keys hash it.
 */
public sealed interface RecordedSpec {

  /** {@code train}, {@code retrain} and {@code ensemble}: the normalized job spec. */
  record Job(JobSpec spec) implements RecordedSpec {
    public Job {
      Preconditions.checkNotNull(spec, "Cannot record a job spec: spec is null");
    }
  }

  /** {@code evaluate --model}: the model ({@code NAME:VERSION}), its threshold and the evaluation suite. */
  record Evaluate(Map<String, TableRef> eval, String model, double threshold) implements RecordedSpec {
    public Evaluate {
      eval = new TreeMap<>(eval);
    }

    public String modelName() {
      return model.substring(0, model.lastIndexOf(':'));
    }

    public int modelVersion() {
      return Integer.parseInt(model.substring(model.lastIndexOf(':') + 1));
    }

    /** The row filters of the suite, by evaluation name (only the references that have one). */
    public Map<String, String> filters() {
      return RecordedSpec.filters(eval);
    }
  }

  /** A Delta table at the version a run pinned. */
  record PinnedTable(String table, long version) {}

  /** {@code evaluate --predictions}: the predictions table, the model name it registers as, and the spec. */
  record ExternalEvaluate(String name, PinnedTable predictions, @JsonProperty("score_col") String scoreCol,
      JobSpec spec) implements RecordedSpec {}

  /** {@code reevaluate}: the suite, the model selection (each may be null) and the metric code version. */
  record Reevaluate(Map<String, TableRef> eval, @JsonProperty("metric_code_version") String metricCodeVersion,
      String model, String stage) implements RecordedSpec {
    public Reevaluate {
      eval = new TreeMap<>(eval);
    }
  }

  /** {@code gate}: the suite and metric code compared on, the two models, the thresholds and {@code --promote}. */
  record Gate(Map<String, TableRef> eval, @JsonProperty("metric_code_version") String metricCodeVersion,
      String challenger, String champion, GateSpec gate, boolean promote) implements RecordedSpec {
    public Gate {
      eval = new TreeMap<>(eval);
    }
  }

  /** {@code score}: the model, the input reference as given and the output table. */
  record Score(TableRef input, String model, String output) implements RecordedSpec {}

  /** {@code benchmark}: the model, the pinned input and the timing options ({@code rows} null: all). */
  record Benchmark(PinnedTable input, String model, int repeat, Long rows, int warmup) implements RecordedSpec {}

  /** {@code monitor}: the checks run and the metric code their metric series read. */
  record Monitor(MonitorSpec monitor, @JsonProperty("metric_code_version") String metricCodeVersion)
      implements RecordedSpec {}

  /**
   * {@code export}: the model, the pinned version its golden examples were drawn from, how many, and where the
   * package was written.
   */
  record Export(String model, PinnedTable golden, @JsonProperty("golden_rows") int goldenRows, String out)
      implements RecordedSpec {}

  /** {@code verify}: the run repeated and {@code --strict}. */
  record Verify(String verify, boolean strict) implements RecordedSpec {}

  /** {@code ingest}: the source as given, the target table and the write mode. */
  record Ingest(String source, String table, String mode) implements RecordedSpec {}

  /**
   * {@code demo-data}: the seed, the row counts and whether the planted-shift version of {@code demo/eval} was
   * written. {@code shiftedEval} is null unless it was, so runs without it record the JSON they always did.
   */
  record DemoData(long seed, @JsonProperty("train_rows") long trainRows, @JsonProperty("eval_rows") long evalRows,
      @JsonProperty("shifted_eval") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean shiftedEval)
      implements RecordedSpec {
    public DemoData {
      shiftedEval = Boolean.TRUE.equals(shiftedEval) ? Boolean.TRUE : null;
    }

    /** Whether the run appended {@code demo/eval}'s planted-shift version. */
    public boolean shifted() {
      return shiftedEval != null;
    }
  }

  /** The canonical JSON recorded for the run. */
  default String json() {
    if (this instanceof Job job) {
      return SpecLoader.canonicalJson(job.spec());
    }
    return CanonicalJson.write(SpecLoader.BINDER.valueToTree(this));
  }

  /**
   * Reads the spec a run of {@code command} recorded; {@code source} names the run in messages. An
   * {@code evaluate} run is an {@link ExternalEvaluate} when it recorded {@code predictions}.
   */
  static RecordedSpec read(String command, String json, String source) {
    Preconditions.checkNotNull(json, "Cannot read the recorded spec of %s: it is null", source);
    if (List.of("train", "retrain", "ensemble", "import-model").contains(command)) {
      return new Job(SpecLoader.parse(json, source, List.of()));
    }
    try {
      JsonNode tree = SpecLoader.BINDER.readTree(json);
      Class<? extends RecordedSpec> type = switch (command) {
        case "evaluate" -> tree.has("predictions") ? ExternalEvaluate.class : Evaluate.class;
        case "reevaluate" -> Reevaluate.class;
        case "gate" -> Gate.class;
        case "score" -> Score.class;
        case "benchmark" -> Benchmark.class;
        case "verify" -> Verify.class;
        case "ingest" -> Ingest.class;
        case "demo-data" -> DemoData.class;
        case "monitor" -> Monitor.class;
        case "export" -> Export.class;
        default -> throw new IllegalArgumentException("Cannot read the recorded spec of " + source
            + ": command '" + command + "' records none");
      };
      return SpecLoader.BINDER.treeToValue(tree, type);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("Cannot read the recorded " + command + " spec of " + source + ": " + json, e);
    }
  }

  /** The row filters of {@code refs}, by name, for the references that have one. */
  static Map<String, String> filters(Map<String, TableRef> refs) {
    Map<String, String> filters = new LinkedHashMap<>();
    refs.forEach((name, ref) -> {
      if (ref.filter() != null) {
        filters.put(name, ref.filter());
      }
    });
    return filters;
  }
}
