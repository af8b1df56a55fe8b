package dev.assay.scorer.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.assay.scorer.PackageFiles;
import java.io.IOException;

/**
 * The JSON model files the scorer re-implements (logistic regression's numbers, a forest's trees): snake_case keys,
 * doubles written as the shortest text that reads back to the same bits: the package's own mapper.
 */
public final class ModelFiles {
  private static final ObjectMapper JSON = PackageFiles.json();

  private ModelFiles() {}

  /** {@code model} as its file's bytes. */
  public static byte[] write(Object model) {
    try {
      return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the model file", e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalArgumentException("Cannot read the model file as " + type.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }
}
