package dev.assay.jobs;

import dev.assay.spec.LedgerSpec;
import dev.assay.spec.Names;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --ledger ROOT}, one declaration for every command that names its ledger on the command
 * line. Left unset it stays null, so a command that also reads a spec can tell "not given" from
 * "given as the default" and fall back to the spec's {@code ledger.root}.
 */
final class LedgerOption {
  @Option(names = "--ledger", converter = Location.class,
      description = "Ledger root, relative to the warehouse (default: ledger; with --spec, the spec's ledger.root).")
  String ledger;

  /**
   * A ledger root is a table location: a relative one must not climb out of the warehouse with {@code ..}
   * (refused while parsing, exit 2, so no run is recorded in a ledger that should not exist).
   */
  static final class Location implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String problem = Names.tableProblem(value);
      if (problem != null) {
        throw new TypeConversionException(problem);
      }
      return value;
    }
  }

  /** The ledger named on the command line, else {@link LedgerSpec#DEFAULT_ROOT}. */
  String root() {
    return root(LedgerSpec.DEFAULT_ROOT);
  }

  /** The ledger named on the command line, else {@code fallback} (the spec's root, for a command with a spec). */
  String root(String fallback) {
    return ledger != null ? ledger : fallback;
  }
}
