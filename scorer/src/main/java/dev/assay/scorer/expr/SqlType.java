package dev.assay.scorer.expr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Spark SQL types a derived column may compute with outside Spark, and the Java class of their
 * values (Spark's external row types): {@code boolean} is Boolean, {@code tinyint} Byte, {@code smallint}
 * Short, {@code int} Integer, {@code bigint} Long, {@code float} Float, {@code double} Double and
 * {@code string} String; null is SQL NULL. Decimal, date, timestamp and the nested types are left out
 * on purpose: their arithmetic and formatting are large and an approximation would not be bit-identical.
 */
public enum SqlType {
  BOOLEAN("boolean", Boolean.class),
  TINYINT("tinyint", Byte.class),
  SMALLINT("smallint", Short.class),
  INT("int", Integer.class),
  BIGINT("bigint", Long.class),
  FLOAT("float", Float.class),
  DOUBLE("double", Double.class),
  STRING("string", String.class);

  private final String sparkName;
  private final Class<?> javaClass;

  SqlType(String sparkName, Class<?> javaClass) {
    this.sparkName = sparkName;
    this.javaClass = javaClass;
  }

  /** Spark's simple string for the type ({@code DataType.simpleString}), also the JSON form. */
  @JsonValue
  public String sparkName() {
    return sparkName;
  }

  /** The type whose Java class {@code value} has (a non-null value of one of these types). */
  public static SqlType ofValue(Object value) {
    for (SqlType t : values()) {
      if (t.javaClass.isInstance(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Cannot type the value " + value + " (" + value.getClass().getName()
        + "): it is none of " + supported());
  }

  /** The Java class of a non-null value of this type. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** True for tinyint, smallint, int and bigint. */
  public boolean integral() {
    return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT;
  }

  /** True for float and double. */
  public boolean floating() {
    return this == FLOAT || this == DOUBLE;
  }

  /** True for the integral and floating types. */
  public boolean numeric() {
    return integral() || floating();
  }

  /** The type whose {@link #sparkName()} is {@code sparkSimpleString} ({@code "integer"} is read as int). */
  @JsonCreator
  public static SqlType of(String sparkSimpleString) {
    String name = "integer".equals(sparkSimpleString) ? "int" : sparkSimpleString;
    for (SqlType t : values()) {
      if (t.sparkName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Cannot compute with Spark type " + sparkSimpleString
        + " outside Spark: only " + supported() + " have a Spark-free implementation; cast the value to one"
        + " of them in the expression");
  }

  /** The supported type names, comma separated, for messages. */
  public static String supported() {
    return Arrays.stream(values()).map(SqlType::sparkName).collect(Collectors.joining(", "));
  }

  /**
   * {@code value} checked to be null or of this type's Java class; the scorer's own values always are,
   * so a mismatch is a bug of the caller rather than a data problem.
   */
  public Object check(Object value, String what) {
    if (value != null && !javaClass.isInstance(value)) {
      throw new IllegalArgumentException("Cannot evaluate " + what + ": expected a " + sparkName + " value ("
          + javaClass.getSimpleName() + ") but got " + value.getClass().getSimpleName() + " " + value
          + "; pass values in the Java class of the column's Spark type");
    }
    return value;
  }
}
