package dev.assay.version;

import dev.assay.errors.Preconditions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a job's inputs: SHA-256 over a canonical text of the command, the canonical
 * spec, the resolved data versions (table id and version; never paths or timestamps), the code
 * version and the library versions that change results.
 *
 * <p>Canonical form, one {@code key=value} per line, keys sorted, UTF-8, lines joined by
 * {@code \n}: {@code command}, {@code spec} (the spec's canonical JSON), {@code data.<role>}
 * ({@code <table_id>@v<version>}), {@code code} (the code version label), {@code lib.<name>}.
 */
public record RunKey(String value) {
  public RunKey {
    Preconditions.checkArgument(value != null && value.matches("[0-9a-f]{64}"),
        "Cannot create RunKey: not a SHA-256 hex: %s", value);
  }

  public static RunKey of(String command, String canonicalSpec, Map<String, DataVersion> dataByRole,
      String codeVersion, Map<String, String> libraries) {
    return new RunKey(sha256(canonical(command, canonicalSpec, dataByRole, codeVersion, libraries)));
  }

  /** The exact text hashed, exposed so that tests and users can see what a key covers. */
  public static String canonical(String command, String canonicalSpec, Map<String, DataVersion> dataByRole,
      String codeVersion, Map<String, String> libraries) {
    TreeMap<String, String> fields = new TreeMap<>();
    fields.put("command", command);
    fields.put("spec", canonicalSpec == null ? "" : canonicalSpec);
    dataByRole.forEach((role, v) -> fields.put("data." + role, v.identity()));
    fields.put("code", codeVersion);
    libraries.forEach((name, v) -> fields.put("lib." + name, v));
    List<String> lines = new ArrayList<>();
    fields.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\").replace("\n", "\\n")));
    return String.join("\n", lines);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
