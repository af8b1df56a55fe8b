package dev.assay.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;

/**
 * Vector columns made and read where Spark stores them: {@code VectorUDT}'s struct (field 0 the type, 1 for
 * dense and 0 for sparse; 1 the size; 2 the indices; 3 the values), from the generated code of the query.
 *
 * <p>Why not Spark's {@code vector_to_array} and {@code array_to_vector}: they are Scala UDFs, so every row's
 * vector is deserialized into a {@code Vector} object, copied into an array and converted back into Spark's array
 * form (or its values boxed one by one into a {@code Seq}), for the feature vector of every model and the
 * probability column of every scored row. Here the generated code calls a static method on the stored struct: the
 * same doubles, no object per row for one entry, one array copy for all of them. With code generation off, Spark
 * calls the same methods by reflection.
 */
public final class VectorColumns {
  private static final byte DENSE = 1;
  private static final int SIZE = 1;
  private static final int INDICES = 2;
  private static final int VALUES = 3;
  private static final int FIELDS = 4;
  private static final VectorUDT VECTOR = new VectorUDT();

  private VectorColumns() {}

  /**
   * A dense vector column of the {@code array<double>} column {@code values}, never null-valued entries (as
   * {@code array_to_vector} makes, without its per-row boxing).
   */
  public static Column dense(Column values) {
    return call("denseOf", VECTOR, values.expr());
  }

  /** The vector column's values as {@code array<double>}: every entry of a sparse vector, zeros included. */
  public static Column values(Column vector) {
    return call("valuesOf", DataTypes.createArrayType(DataTypes.DoubleType, false), vector.expr());
  }

  /** The vector column's entry {@code index} (from 0) as a double. */
  public static Column element(Column vector, int index) {
    return call("elementOf", DataTypes.DoubleType, vector.expr(), Literal.create(index, DataTypes.IntegerType));
  }

  private static Column call(String method, DataType type, Expression... arguments) {
    return new Column(new StaticInvoke(VectorColumns.class, type, method,
        JavaConverters.asScalaBuffer(List.of(arguments)).toSeq(),
        JavaConverters.asScalaBuffer(List.<AbstractDataType>of()).toSeq(), true, false, true));
  }

  /**
   * The dense vector of {@code values} as Spark stores a vector column: what {@code VectorUDT.serialize} writes
   * for a {@code DenseVector} (type 1, no size or indices, the values; an {@code UnsafeArrayData} is kept, not
   * copied). Called per row by the generated code of {@link #dense}, and by the ONNX scorer for its probabilities.
   */
  public static InternalRow denseOf(ArrayData values) {
    GenericInternalRow row = new GenericInternalRow(FIELDS);
    row.setByte(0, DENSE);
    row.setNullAt(SIZE);
    row.setNullAt(INDICES);
    // The generated code of array(...) over doubles makes a new UnsafeArrayData per row: it is the storage as it
    // stands (no copy into a double[] and back); evaluated without code generation it is a generic array.
    row.update(VALUES, values instanceof UnsafeArrayData unsafe ? unsafe
        : UnsafeArrayData.fromPrimitiveArray(values.toDoubleArray()));
    return row;
  }

  /**
   * Called per row by the generated code of {@link #values}, which passes the stored struct; typed {@code Object}
   * because Spark, evaluating without code generation, looks the method up by the vector type's Java class.
   */
  public static ArrayData valuesOf(Object stored) {
    InternalRow vector = (InternalRow) stored;
    ArrayData values = vector.getArray(VALUES);
    if (vector.getByte(0) == DENSE) {
      return values.copy();
    }
    double[] out = new double[vector.getInt(SIZE)];
    ArrayData indices = vector.getArray(INDICES);
    for (int k = 0; k < indices.numElements(); k++) {
      out[indices.getInt(k)] = values.getDouble(k);
    }
    return UnsafeArrayData.fromPrimitiveArray(out);
  }

  /** Called per row by the generated code of {@link #element}; typed as {@link #valuesOf} is. */
  public static double elementOf(Object stored, int index) {
    InternalRow vector = (InternalRow) stored;
    int size = size(vector);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("Cannot read entry " + index + " of a vector of " + size + " values");
    }
    ArrayData values = vector.getArray(VALUES);
    if (vector.getByte(0) == DENSE) {
      return values.getDouble(index);
    }
    ArrayData indices = vector.getArray(INDICES);
    for (int k = 0; k < indices.numElements(); k++) {
      if (indices.getInt(k) == index) {
        return values.getDouble(k);
      }
    }
    return 0.0;
  }

  /** A vector column's stored struct in a row: {@code row.getStruct(ordinal, FIELDS)}. */
  public static InternalRow stored(InternalRow row, int ordinal) {
    return row.getStruct(ordinal, FIELDS);
  }

  /** The number of entries of the stored vector {@code vector}. */
  public static int size(InternalRow vector) {
    return vector.getByte(0) == DENSE ? vector.getArray(VALUES).numElements() : vector.getInt(SIZE);
  }

  /**
   * The stored vector's entries as float32 into {@code out} from {@code base} (zeros where a sparse vector has
   * none): what a native model (an XGBoost booster, an ONNX graph) is fed, without a {@code Vector} and its double
   * array in between.
   */
  public static void floatsInto(InternalRow vector, float[] out, int base) {
    ArrayData stored = vector.getArray(VALUES);
    if (vector.getByte(0) == DENSE) {
      int n = stored.numElements();
      for (int j = 0; j < n; j++) {
        out[base + j] = (float) stored.getDouble(j);
      }
      return;
    }
    Arrays.fill(out, base, base + vector.getInt(SIZE), 0f);
    ArrayData indices = vector.getArray(INDICES);
    for (int k = 0; k < indices.numElements(); k++) {
      out[base + indices.getInt(k)] = (float) stored.getDouble(k);
    }
  }
}
