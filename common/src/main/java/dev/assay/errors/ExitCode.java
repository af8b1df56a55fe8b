package dev.assay.errors;

/**
 * The documented, stable process exit codes of every Assay job.
 *
 * <p>Schedulers branch on these numbers (Airflow retries on {@link #TRANSIENT}, alerts on
 * {@link #GATE_FAILED}), so a value must never change meaning once released.
 */
public enum ExitCode {
  SUCCESS(0, "success or up-to-date skip"),
  INTERNAL(1, "internal error"),
  USAGE(2, "usage or spec error"),
  INPUT_DATA(3, "input data error"),
  GATE_FAILED(4, "quality gate failed"),
  REPRODUCIBILITY(5, "reproducibility violation"),
  MONITOR_FAILED(6, "monitoring check failed"),
  TRANSIENT(75, "transient error, retry");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * The exception of every factory in this package: this exit code and the message. The message is
   * formatted with {@link String#format} only when arguments are given, so a message built by
   * concatenation is used as it is (a '%' in user text stays a '%'). Package-private: user-facing
   * errors are built by the per-area factories, never at the place that fails.
   */
  AssayException fail(String format, Object... args) {
    return fail(null, format, args);
  }

  /** As {@link #fail(String, Object...)}, with the exception that caused it. */
  AssayException fail(Throwable cause, String format, Object... args) {
    String message = args.length == 0 ? format : String.format(format, args);
    return cause == null ? new AssayException(this, message) : new AssayException(this, message, cause);
  }
}
