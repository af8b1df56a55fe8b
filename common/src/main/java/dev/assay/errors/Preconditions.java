package dev.assay.errors;

/**
 * Argument checks in the Iceberg style: {@code checkArgument(cond, "Cannot X: why", args)}.
 * Programming errors raise {@link IllegalArgumentException}; user-facing failures go through
 * the per-area factories of this package ({@code SpecErrors}, {@code DataErrors} …) instead so that they
 * carry an exit code.
 */
public final class Preconditions {
  private Preconditions() {}

  public static void checkArgument(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }

  public static void checkState(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(message, args));
    }
  }

  public static <T> T checkNotNull(T value, String message, Object... args) {
    if (value == null) {
      throw new NullPointerException(String.format(message, args));
    }
    return value;
  }
}
