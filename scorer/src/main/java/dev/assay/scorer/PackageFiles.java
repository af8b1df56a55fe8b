package dev.assay.scorer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a package: the manifest (snake_case JSON), the golden examples (JSON lines) and the SHA-256 of
 * every other file. Export writes them with the same mapper the scorer reads them with.
 */
public final class PackageFiles {
  /** Manifest and golden rows: snake_case keys; doubles as the shortest text that reads back to the same bits. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PackageFiles() {}

  /** The package mapper, for the model files the scorer re-implements (the same keys and number rules). */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The manifest as written: indented, keys in the records' order. */
  public static byte[] manifestBytes(Manifest manifest) {
    try {
      return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the manifest", e);
    }
  }

  static Manifest readManifest(Path dir) {
    Path file = dir.resolve(Manifest.FILE);
    if (!Files.isDirectory(dir)) {
      throw PackageException.notAPackage(dir.toString(), "it is not a directory");
    }
    if (!Files.exists(file)) {
      throw PackageException.notAPackage(dir.toString(), "it has no " + Manifest.FILE);
    }
    try {
      return JSON.readValue(file.toFile(), Manifest.class);
    } catch (PackageException e) {
      throw e;
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PackageException p) {
        throw p;
      }
      throw PackageException.unreadable(dir.toString(), Manifest.FILE, e);
    }
  }

  /** Every file of {@code manifest.files} exists in {@code dir} with the recorded SHA-256. */
  static void verifyChecksums(Path dir, Manifest manifest) {
    for (Map.Entry<String, String> f : new TreeMap<>(manifest.files()).entrySet()) {
      String actual;
      try {
        actual = sha256(Files.readAllBytes(dir.resolve(f.getKey())));
      } catch (NoSuchFileException e) {
        throw PackageException.fileMissing(dir.toString(), f.getKey());
      } catch (IOException e) {
        throw PackageException.unreadable(dir.toString(), f.getKey(), e);
      }
      if (!actual.equals(f.getValue())) {
        throw PackageException.fileChanged(dir.toString(), f.getKey(), f.getValue(), actual);
      }
    }
  }

  static byte[] read(Path dir, String file) {
    try {
      return Files.readAllBytes(dir.resolve(file));
    } catch (IOException e) {
      throw PackageException.unreadable(dir.toString(), file, e);
    }
  }

  /** The golden rows: one JSON object per line, {@code {"row": {...}, "expected": {...}}}. */
  static List<GoldenRow> readGolden(Path dir, Manifest.Golden golden) {
    List<GoldenRow> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(golden.file()), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(JSON.readValue(line, GoldenRow.class));
        }
      }
    } catch (IOException e) {
      throw PackageException.unreadable(dir.toString(), golden.file(), e);
    }
    if (rows.isEmpty()) {
      throw PackageException.notAPackage(dir.toString(), golden.file() + " holds no golden rows");
    }
    return rows;
  }

  /** Writes {@code rows} as {@link #readGolden} reads them. */
  public static void writeGolden(Path file, List<GoldenRow> rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (GoldenRow r : rows) {
        w.write(JSON.writeValueAsString(r));
        w.write('\n');
      }
    }
  }

  /** The lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash: no SHA-256 in this JVM", e);
    }
  }
}
