package dev.assay.run;

import dev.assay.spec.StoredCode;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands that record runs. The code is the {@code command} column of the {@code runs} table
 * and the {@code command} line of every run key, so it must never change: a new spelling would
 * make every recorded run key miss. {@link #toString()} returns it.
 */
public enum Command implements StoredCode {
  TRAIN,
  RETRAIN,
  EVALUATE,
  REEVALUATE,
  GATE,
  ENSEMBLE,
  VERIFY,
  SCORE,
  BENCHMARK,
  INGEST,
  DEMO_DATA,
  IMPORT_MODEL,
  MONITOR,
  EXPORT;

  /** The recorded text: the constant's name in lower case with hyphens, e.g. {@code demo-data}. */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return code();
  }

  /**
   * The command a run row records, if it is one of these; rows of other tools or older versions
   * may record other text, which callers report as their own usage error.
   */
  public static Optional<Command> find(String code) {
    return StoredCode.find(Command.class, code);
  }
}
