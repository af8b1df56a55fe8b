package dev.assay.jobs;

import dev.assay.run.JobContext;
import dev.assay.run.JobResult;
import dev.assay.run.JobRunner;
import dev.assay.spec.LedgerSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that runs a job and so records its runs; every command except the read-only ones (sql,
 * ledger, report) is one. A run's context is built only from a JobCommand (see
 * {@link Session#context}), so a command cannot start a run without a ledger to record it in, and an
 * error raised before the job starts (a bad spec or option) is recorded as a FAILED run in that
 * ledger, with the same scheduler context, when that is cheap (see {@link dev.assay.run.EarlyFailure}).
 *
 * <p>The ledger and the scheduler context are read from the command's mixins ({@link LedgerOption},
 * {@link SpecOptions}, {@link ContextOption}), so a command declares an option once, by mixing it
 * in, and says nothing more about where its runs go.
 */
abstract class JobCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Spec
  CommandSpec self;

  /**
   * The ledger the run is recorded in: {@code --ledger}, else the loaded spec's, else the default
   * (no spec, or one that could not be read).
   */
  final String ledgerRoot() {
    String fallback = mixin(SpecOptions.class).map(SpecOptions::ledgerRoot).orElse(LedgerSpec.DEFAULT_ROOT);
    return mixin(LedgerOption.class).map(l -> l.root(fallback)).orElse(fallback);
  }

  /** {@code --context} pairs recorded on the run; none for a command without that option. */
  final Map<String, String> schedulerContext() {
    return mixin(ContextOption.class).map(c -> c.context).orElse(Map.of());
  }

  /** The command's name as recorded on its runs: picocli's, so it is written once. */
  final String commandName() {
    return self.name();
  }

  /** Runs {@code body} as a run of this command. */
  final int run(Function<JobContext, JobResult> body) {
    return run(false, body);
  }

  /** The same, refusing CPU models when {@code scoreOnGpu} ({@code --gpu} of the scoring commands). */
  final int run(boolean scoreOnGpu, Function<JobContext, JobResult> body) {
    JobContext ctx = Session.context(this);
    ctx.requestGpu(scoreOnGpu);
    return JobRunner.run(ctx, body);
  }

  private <T> Optional<T> mixin(Class<T> type) {
    return mixins(self).map(CommandSpec::userObject).filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The mixins of {@code spec} and theirs (a mixin such as {@link ScoringOptions} groups others). */
  private static Stream<CommandSpec> mixins(CommandSpec spec) {
    return spec.mixins().values().stream().flatMap(m -> Stream.concat(Stream.of(m), mixins(m)));
  }
}
