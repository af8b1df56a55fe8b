package dev.assay.errors;

/**
 * A failure Assay understands: it carries the exit code and a message that says what failed,
 * why, and how to fix it. Anything else that escapes a job is an internal error (exit 1).
 */
public class AssayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public AssayException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public AssayException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
