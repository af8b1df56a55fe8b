package dev.assay.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;

/**
 * A log action as Delta Kernel reads it (a struct of the log's checkpoint schema), back in the log's JSON form, so
 * that Delta's own Spark classes can read it ({@code Action.fromJson}): what {@link RowTransaction} removes and reports
 * as read is then exactly the {@code add} the log holds (path, size, partition values, tags, deletion vector).
 */
final class KernelActions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KernelActions() {}

  /** {@code {"add": {...}}} for Kernel's {@code add} struct; null fields are left out, as Delta writes them. */
  static String add(Row add) {
    ObjectNode root = JSON.createObjectNode();
    root.set("add", object(add));
    return root.toString();
  }

  private static ObjectNode object(Row row) {
    ObjectNode out = JSON.createObjectNode();
    StructType schema = row.getSchema();
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      if (row.isNullAt(i)) {
        continue;
      }
      DataType type = field.getDataType();
      if (type instanceof StringType) {
        out.put(field.getName(), row.getString(i));
      } else if (type instanceof LongType) {
        out.put(field.getName(), row.getLong(i));
      } else if (type instanceof IntegerType) {
        out.put(field.getName(), row.getInt(i));
      } else if (type instanceof BooleanType) {
        out.put(field.getName(), row.getBoolean(i));
      } else if (type instanceof MapType m && m.getKeyType() instanceof StringType
          && m.getValueType() instanceof StringType) {
        MapValue map = row.getMap(i);
        ObjectNode entries = out.putObject(field.getName());
        for (int k = 0; k < map.getSize(); k++) {
          entries.put(map.getKeys().getString(k), map.getValues().isNullAt(k) ? null : map.getValues().getString(k));
        }
      } else if (type instanceof StructType) {
        out.set(field.getName(), object(row.getStruct(i)));
      } else {
        throw new IllegalArgumentException("Cannot write field " + field.getName() + " of type " + type
            + " of a Delta log action as JSON");
      }
    }
    return out;
  }
}
