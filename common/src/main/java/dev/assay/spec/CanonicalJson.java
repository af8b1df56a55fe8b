package dev.assay.spec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a Jackson tree as canonical JSON, the form run keys hash and runs record (rules in
 * {@link SpecLoader#canonicalJson}). One writer, so a spec and every other recorded value agree
 * on key order, escaping and numbers.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  static String write(JsonNode node) {
    StringBuilder out = new StringBuilder(512);
    writeCanonical(node, out);
    return out.toString();
  }

  private static void writeCanonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull() && !e.getValue().isMissingNode()) {
          names.add(e.getKey());
        }
      }
      names.sort(null);
      writeSeparated('{', names, name -> {
        writeString(name, out);
        out.append(':');
        writeCanonical(node.get(name), out);
      }, '}', out);
    } else if (node.isArray()) {
      writeSeparated('[', node, element -> writeCanonical(element, out), ']', out);
    } else if (node.isTextual()) {
      writeString(node.textValue(), out);
    } else if (node.isNumber()) {
      out.append(canonicalNumber(node));
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isNull()) {
      out.append("null");
    } else {
      throw new IllegalStateException("Cannot write " + node.getNodeType() + " as canonical JSON");
    }
  }

  /** {@code open}, the items written by {@code write} with a comma between each two, {@code close}. */
  private static <T> void writeSeparated(char open, Iterable<T> items, Consumer<T> write, char close,
      StringBuilder out) {
    out.append(open);
    String separator = "";
    for (T item : items) {
      out.append(separator);
      write.accept(item);
      separator = ",";
    }
    out.append(close);
  }

  private static String canonicalNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      throw new IllegalStateException("Cannot write non-finite number " + node + " as canonical JSON");
    }
    BigDecimal d = node.isFloat() ? new BigDecimal(Float.toString(node.floatValue())) : node.decimalValue();
    d = d.stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }
}
