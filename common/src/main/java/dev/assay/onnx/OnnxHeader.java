package dev.assay.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top-level fields of an ONNX {@code ModelProto} that ONNX Runtime's Java API does not expose: IR version,
 * producer name and version, and the opset of each operator domain. Read straight from the protobuf wire format
 * (field numbers from onnx.proto: 1 ir_version, 2 producer_name, 3 producer_version, 8 opset_import with
 * 1 domain and 2 version), so no protobuf classes are needed for five fields.
 *
 * @param opsets operator-set domain ({@code ""} is the default ONNX domain, shown as {@code ai.onnx}) to version
 */
public record OnnxHeader(long irVersion, String producerName, String producerVersion, Map<String, Long> opsets) {

  /** The header of {@code bytes}; throws {@link IllegalArgumentException} when they are not a protobuf message. */
  public static OnnxHeader read(byte[] bytes) {
    Reader r = new Reader(bytes, 0, bytes.length);
    long ir = 0;
    String producer = "";
    String producerVersion = "";
    Map<String, Long> opsets = new TreeMap<>();
    while (r.more()) {
      long key = r.varint();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 0) {
        ir = r.varint();
      } else if ((field == 2 || field == 3) && wire == 2) {
        String s = r.string();
        if (field == 2) {
          producer = s;
        } else {
          producerVersion = s;
        }
      } else if (field == 8 && wire == 2) {
        Reader set = r.message();
        String domain = "";
        long version = 0;
        while (set.more()) {
          long k = set.varint();
          if ((k >>> 3) == 1 && (k & 7) == 2) {
            domain = set.string();
          } else if ((k >>> 3) == 2 && (k & 7) == 0) {
            version = set.varint();
          } else {
            set.skip((int) (k & 7));
          }
        }
        opsets.put(domain.isEmpty() ? "ai.onnx" : domain, version);
      } else {
        r.skip(wire);
      }
    }
    return new OnnxHeader(ir, producer, producerVersion, opsets);
  }

  /** The default domain's opset, or 0 when the file names none. */
  public long opset() {
    return opsets.getOrDefault("ai.onnx", 0L);
  }

  /** A cursor over protobuf wire bytes. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint at byte " + pos);
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    private int length() {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("field length " + n + " runs past the end at byte " + pos);
      }
      return (int) n;
    }

    String string() {
      int n = length();
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Reader message() {
      int n = length();
      Reader r = new Reader(b, pos, pos + n);
      pos += n;
      return r;
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at byte " + pos);
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("field runs past the end at byte " + pos);
      }
      pos += n;
    }
  }
}
