package dev.assay.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: the one hash Assay uses for model bytes and keys. */
public final class Hashing {
  private Hashing() {}

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The hash of a model file computed on {@code device}: the file's own SHA-256 on the CPU (null means the CPU),
   * else the SHA-256 of {@code device=<device>\n} and the file, since another device's kernels give other bits.
   */
  public static String sha256(byte[] file, String device) {
    if (device == null || "cpu".equals(device)) {
      return sha256(file);
    }
    byte[] prefix = ("device=" + device + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(prefix, prefix.length + file.length);
    System.arraycopy(file, 0, all, prefix.length, file.length);
    return sha256(all);
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
