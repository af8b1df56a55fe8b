package dev.assay.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Casts source columns to the table's type where no value can change, before a Delta write.
 *
 * <p>Delta 3.3's by-name DataFrame writes ({@code df.write.format("delta").save}) refuse any
 * type difference, even int into bigint. CSV schema inference makes that common: a batch whose
 * {@code score} values happen to be whole numbers infers int while the table holds double.
 */
final class TypeWidening {
  private static final List<DataType> INTEGRAL = List.of(DataTypes.ByteType, DataTypes.ShortType,
      DataTypes.IntegerType, DataTypes.LongType);

  private TypeWidening() {}

  /** Returns {@code data} with every safely widenable column cast to the table's type. */
  static Dataset<Row> alignTo(Dataset<Row> data, StructType table) {
    Map<String, DataType> tableTypes = new LinkedHashMap<>();
    for (StructField f : table.fields()) {
      tableTypes.put(f.name().toLowerCase(Locale.ROOT), f.dataType());
    }
    List<Column> columns = new ArrayList<>();
    boolean changed = false;
    for (StructField f : data.schema().fields()) {
      DataType target = tableTypes.get(f.name().toLowerCase(Locale.ROOT));
      Column c = data.col(f.name());
      if (target != null && !target.equals(f.dataType()) && widens(f.dataType(), target)) {
        c = c.cast(target).as(f.name());
        changed = true;
      }
      columns.add(c);
    }
    return changed ? data.select(columns.toArray(new Column[0])) : data;
  }

  /** True when every value of {@code from} is exactly representable in {@code to}. */
  static boolean widens(DataType from, DataType to) {
    int fromRank = INTEGRAL.indexOf(from);
    int toRank = INTEGRAL.indexOf(to);
    if (fromRank >= 0 && toRank >= 0) {
      return fromRank <= toRank;
    }
    if (to.equals(DataTypes.DoubleType)) {
      // Not bigint: above 2^53 a long loses digits as a double.
      return from.equals(DataTypes.FloatType) || (fromRank >= 0 && fromRank <= INTEGRAL.indexOf(DataTypes.IntegerType));
    }
    return false;
  }
}
