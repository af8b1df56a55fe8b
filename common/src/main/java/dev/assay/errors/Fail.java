package dev.assay.errors;

/**
 * How every factory of this package builds its exception: one helper per exit code. The message is
 * formatted with {@link String#format} only when arguments are given, so a message built by
 * concatenation is used as it is (a '%' in user text stays a '%').
 */
final class Fail {
  private Fail() {}

  static AssayException usage(String format, Object... args) {
    return of(ExitCode.USAGE, null, format, args);
  }

  static AssayException usage(Throwable cause, String format, Object... args) {
    return of(ExitCode.USAGE, cause, format, args);
  }

  static AssayException inputData(String format, Object... args) {
    return of(ExitCode.INPUT_DATA, null, format, args);
  }

  static AssayException inputData(Throwable cause, String format, Object... args) {
    return of(ExitCode.INPUT_DATA, cause, format, args);
  }

  static AssayException gate(String format, Object... args) {
    return of(ExitCode.GATE_FAILED, null, format, args);
  }

  static AssayException reproducibility(String format, Object... args) {
    return of(ExitCode.REPRODUCIBILITY, null, format, args);
  }

  static AssayException reproducibility(Throwable cause, String format, Object... args) {
    return of(ExitCode.REPRODUCIBILITY, cause, format, args);
  }

  static AssayException transientFailure(String format, Object... args) {
    return of(ExitCode.TRANSIENT, null, format, args);
  }

  static AssayException transientFailure(Throwable cause, String format, Object... args) {
    return of(ExitCode.TRANSIENT, cause, format, args);
  }

  private static AssayException of(ExitCode code, Throwable cause, String format, Object[] args) {
    String message = args.length == 0 ? format : String.format(format, args);
    return cause == null ? new AssayException(code, message) : new AssayException(code, message, cause);
  }
}
