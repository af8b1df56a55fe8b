package dev.assay.scorer.expr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The JSON form of an {@link ExprNode} tree. Literal values are read from their text, so a float, a
 * {@code -0.0} or a long reads back to the same bits, and NaN and the infinities travel as the strings
 * Jackson writes for them.
 */
public final class ExprJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ExprJson() {}

  /** The tree as JSON text. */
  public static String write(ExprNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write expression tree as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads {@link #write}; text that is not a valid tree fails naming what Jackson found wrong. */
  public static ExprNode read(String json) {
    try {
      return JSON.readValue(json, ExprNode.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read expression tree: " + e.getOriginalMessage()
          + "; the package's expression JSON is corrupt or from another version", e);
    }
  }

  /** A literal's value as its JSON text (numbers and strings) or Boolean; the literal's type parses it. */
  static final class RawScalar extends StdDeserializer<Object> {
    RawScalar() {
      super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> p.getText();
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> ctxt.handleUnexpectedToken(Object.class, p);
      };
    }
  }

  /** {@code value} as a value of {@code type}: kept if already one, parsed if text. */
  static Object literal(SqlType type, Object value) {
    if (value == null || type.javaClass().isInstance(value)) {
      return value;
    }
    if (value instanceof String s) {
      try {
        return switch (type) {
          case BOOLEAN -> switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new NumberFormatException(s);
          };
          case TINYINT -> Byte.parseByte(s);
          case SMALLINT -> Short.parseShort(s);
          case INT -> Integer.parseInt(s);
          case BIGINT -> Long.parseLong(s);
          case FLOAT -> Float.parseFloat(s);
          case DOUBLE -> Double.parseDouble(s);
          case STRING -> s;
        };
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("Cannot make a " + type.sparkName() + " literal of "
        + value.getClass().getSimpleName() + " " + value + ": give a " + type.javaClass().getSimpleName());
  }
}
