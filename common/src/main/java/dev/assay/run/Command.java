package dev.assay.run;

import dev.assay.spec.StoredCode;
import java.util.Optional;

/**
 * The commands that record runs. The code is the {@code command} column of the {@code runs} table
 * and the {@code command} line of every run key, so it must never change: a new spelling would
 * make every recorded run key miss. {@link #toString()} returns it.
 */
public enum Command implements StoredCode {
  TRAIN("train"),
  RETRAIN("retrain"),
  EVALUATE("evaluate"),
  REEVALUATE("reevaluate"),
  GATE("gate"),
  ENSEMBLE("ensemble"),
  VERIFY("verify"),
  SCORE("score"),
  BENCHMARK("benchmark"),
  INGEST("ingest"),
  DEMO_DATA("demo-data");

  private final String code;

  Command(String code) {
    this.code = code;
  }

  /** The recorded text, e.g. {@code demo-data}. */
  @Override
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }

  /**
   * The command a run row records, if it is one of these; rows of other tools or older versions
   * may record other text, which callers report as their own usage error.
   */
  public static Optional<Command> find(String code) {
    return StoredCode.find(Command.class, code);
  }
}
