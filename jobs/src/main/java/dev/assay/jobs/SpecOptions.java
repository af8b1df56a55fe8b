package dev.assay.jobs;

import dev.assay.spec.JobSpec;
import dev.assay.spec.LedgerSpec;
import dev.assay.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --spec FILE} and {@code --set k=v}, one declaration, and the one place a command loads its
 * spec. The loaded spec is kept so that an error after loading is recorded in the spec's ledger
 * (see {@link JobCommand#ledgerRoot()}), not in the default one.
 */
final class SpecOptions {
  @Option(names = "--spec", description = "Job spec (YAML).")
  Path spec;

  @Option(names = "--set", description = "Override a spec key: a.b.c=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  private JobSpec loaded;

  /** Whether {@code --spec} was given (it is optional on {@code evaluate}). */
  boolean given() {
    return spec != null;
  }

  /** The spec with the {@code --set} overrides applied, then {@code extra} ones (such as train's {@code --gpu}). */
  JobSpec load(String... extra) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(List.of(extra));
    loaded = SpecLoader.load(spec, all);
    return loaded;
  }

  /** The loaded spec's ledger root; the default while no spec was loaded (a spec error, or no --spec). */
  String ledgerRoot() {
    return loaded != null ? loaded.ledger().root() : LedgerSpec.DEFAULT_ROOT;
  }

  /**
   * Makes {@code --spec} required on a command that cannot run without a spec (all but evaluate),
   * with picocli's own check and message, as a mixin's option cannot be required on one command only.
   */
  static final class Required implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      OptionSpec option = command.findOption("--spec");
      command.remove(option);
      command.addOption(option.toBuilder().required(true).build());
      return command;
    }
  }
}
