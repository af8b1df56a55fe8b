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
}
