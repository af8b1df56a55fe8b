package dev.assay.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * ONNX Runtime sessions, one per JVM for each model hash and thread count, created on first use and kept for the
 * JVM's life: creating a session parses and optimises the graph (milliseconds to seconds), and an executor runs
 * many tasks of the same model. {@link OrtSession#run} is thread-safe, so concurrent tasks share a session.
 *
 * <p>Why intra-op threads = the task's CPUs and one inter-op thread: Spark already runs one task per core, and
 * ONNX Runtime's default (one thread per core for every session) would oversubscribe them.
 */
public final class OnnxSessions {
  private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();

  private OnnxSessions() {}

  /**
   * The cached session of the model hashed {@code hash} with {@code threads} intra-op threads, on CUDA device
   * {@code gpu} (-1: the CPU).
   */
  public static OrtSession get(String hash, int threads, int gpu, Supplier<byte[]> bytes) {
    return SESSIONS.computeIfAbsent(hash + "/" + threads + "/" + gpu, k -> {
      try {
        return open(bytes.get(), threads, gpu);
      } catch (OrtException e) {
        throw new IllegalStateException("Cannot open an ONNX Runtime session for model " + hash + ": "
            + e.getMessage(), e);
      }
    });
  }

  /** A new session of {@code bytes} on the CPU, or on CUDA device {@code gpu} unless -1; the caller closes it. */
  public static OrtSession open(byte[] bytes, int threads, int gpu) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (gpu >= 0) {
        options.addCUDA(gpu);
      }
      return environment().createSession(bytes, options);
    }
  }

  /** The ONNX Runtime version that scores (part of an import's run key: another runtime may give other bits). */
  public static String runtimeVersion() {
    return environment().getVersion();
  }

  static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "assay");
  }
}
