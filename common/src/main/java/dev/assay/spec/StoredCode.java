package dev.assay.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum whose constants are stored as a fixed text code (a spec value, a ledger column, a run
 * key line) that must never change. The code is the constant's name in lower case unless the enum
 * says otherwise, so a constant is never renamed; {@code StoredCodeTest} pins every code, and a
 * rename fails it. The lookups by code live here once; each enum keeps its own {@code of}/{@code
 * find} so that callers read as before.
 */
public interface StoredCode {
  /** The stored text: by default the constant's name in lower case, e.g. {@code xgboost}. */
  default String code() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} stored as {@code code}, if there is one. */
  static <E extends Enum<E> & StoredCode> Optional<E> find(Class<E> type, String code) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code().equals(code)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }

  /**
   * The constant of {@code type} stored as {@code code}; an unknown code is a bug or a ledger
   * written by a newer Assay, not a user error, so it is an {@link IllegalArgumentException} that
   * names {@code what} was read.
   */
  static <E extends Enum<E> & StoredCode> E of(Class<E> type, String what, String code) {
    return find(type, code).orElseThrow(() -> new IllegalArgumentException("Cannot read " + what + " '" + code
        + "': not one of " + List.of(type.getEnumConstants())));
  }
}
