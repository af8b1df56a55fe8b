package dev.assay.ledger;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.collection.JavaConverters;

/**
 * Delta Kernel's column vectors as Spark {@link Row}s ({@link DriverReads}): each value as Spark's
 * {@code collectAsList} gives it (strings, boxed numbers, {@link java.sql.Timestamp}, Scala sequences and maps,
 * nested rows), so that code reading a ledger row does not care which engine read it.
 */
final class KernelRows {
  private KernelRows() {}

  /** The Spark schema of a Delta schema's JSON (the log's format, which is Spark's). */
  static StructType schema(String json, List<String> columns) {
    StructType all = (StructType) DataType.fromJson(json);
    return new StructType(columns.stream().map(all::apply).toArray(StructField[]::new));
  }

  /**
   * Adds the selected rows of {@code batch} that match {@code where} to {@code rows}, and the others to
   * {@code others} unless it is null, as rows of {@code out}.
   */
  static void collect(FilteredColumnarBatch batch, StructType read, StructType out, Where where,
      List<Row> rows, List<Row> others) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int i = 0; i < data.getSize(); i++) {
      if (selected.isPresent() && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
        continue;
      }
      Map<String, Object> byName = new LinkedHashMap<>();
      for (int c = 0; c < read.size(); c++) {
        byName.put(read.fields()[c].name(), value(data.getColumnVector(c), i, read.fields()[c].dataType()));
      }
      List<Row> to = where.test(byName::get) ? rows : others;
      if (to != null) {
        Object[] values = new Object[out.size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = byName.get(out.fields()[c].name());
        }
        to.add(new GenericRowWithSchema(values, out));
      }
    }
  }

  /** The value at {@code i} of {@code v} as Spark's {@code collectAsList} gives a value of type {@code type}. */
  static Object value(ColumnVector v, int i, DataType type) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (type instanceof StringType) {
      return v.getString(i);
    } else if (type instanceof LongType) {
      return v.getLong(i);
    } else if (type instanceof IntegerType) {
      return v.getInt(i);
    } else if (type instanceof DoubleType) {
      return v.getDouble(i);
    } else if (type instanceof BooleanType) {
      return v.getBoolean(i);
    } else if (type instanceof TimestampType) {
      return DateTimeUtils.toJavaTimestamp(v.getLong(i));
    } else if (type instanceof TimestampNTZType) {
      return DateTimeUtils.microsToLocalDateTime(v.getLong(i));
    } else if (type instanceof DateType) {
      return DateTimeUtils.toJavaDate(v.getInt(i));
    } else if (type instanceof FloatType) {
      return v.getFloat(i);
    } else if (type instanceof ShortType) {
      return v.getShort(i);
    } else if (type instanceof ByteType) {
      return v.getByte(i);
    } else if (type instanceof BinaryType) {
      return v.getBinary(i);
    } else if (type instanceof DecimalType) {
      return v.getDecimal(i);
    } else if (type instanceof ArrayType a) {
      ArrayValue array = v.getArray(i);
      List<Object> elements = new ArrayList<>(array.getSize());
      for (int k = 0; k < array.getSize(); k++) {
        elements.add(value(array.getElements(), k, a.elementType()));
      }
      return JavaConverters.asScalaBuffer(elements).toList();
    } else if (type instanceof MapType m) {
      MapValue map = v.getMap(i);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int k = 0; k < map.getSize(); k++) {
        entries.put(value(map.getKeys(), k, m.keyType()), value(map.getValues(), k, m.valueType()));
      }
      return JavaConverters.mapAsScalaMap(entries);
    } else if (type instanceof StructType s) {
      Object[] values = new Object[s.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = value(v.getChild(c), i, s.fields()[c].dataType());
      }
      return new GenericRowWithSchema(values, s);
    }
    throw new IllegalArgumentException("Cannot read a ledger value of type " + type.simpleString() + " on the driver");
  }
}
