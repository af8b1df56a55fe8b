package dev.assay.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.scorer.expr.ExprJson;
import dev.assay.scorer.expr.ExprNode;
import dev.assay.scorer.expr.SqlType;
import dev.assay.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported expression tree computes, row by row, exactly the value Spark computes for the derived
 * column (same type, same bits; NaN equals NaN), over edge values of every type: nulls, NaN, the
 * infinities, -0.0, MIN/MAX values, numeric and junk strings. Each expression runs twice in Spark: over
 * a local relation (folded by the optimizer with interpreted evaluation) and over Parquet with whole-stage
 * code generation switched on (the test JVMs run with it off, production with it on), since the two are
 * separate implementations in Spark.
 */
class ExpressionTreesParityTest extends SparkTestBase {
  static final StructType SCHEMA = new StructType()
      .add("b", DataTypes.BooleanType).add("t", DataTypes.ByteType).add("s", DataTypes.ShortType)
      .add("i", DataTypes.IntegerType).add("l", DataTypes.LongType).add("f", DataTypes.FloatType)
      .add("d", DataTypes.DoubleType).add("d2", DataTypes.DoubleType).add("str", DataTypes.StringType)
      .add("total_charges", DataTypes.DoubleType).add("tenure_months", DataTypes.IntegerType)
      .add("usage_gb", DataTypes.DoubleType);

  static final Object[][] POOLS = {
      {null, true, false},
      {null, (byte) 0, (byte) 1, (byte) -1, Byte.MAX_VALUE, Byte.MIN_VALUE, (byte) 5},
      {null, (short) 0, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE, (short) 300},
      {null, 0, 1, -1, 2, -7, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, 12, 24, 3},
      {null, 0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 3L, -10L, 1_000_000_000_000L},
      {null, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1.5f, -2.25f, Float.MAX_VALUE,
          Float.MIN_VALUE, 0.1f, 7f, 2.675f},
      doubles(), doubles(),
      {null, "", "12", " 42 ", "-7", "1.9", "-0.5", "abc", "1e3", "NaN", "inf", "-Infinity", "true", "yes", "N",
          "2147483648", "9223372036854775807", "9223372036854775808", "300", "+", ".", "0x10", "1d", "\t5\n",
          "ünï", "\uD834\uDD1E", "\uFF5A", "m", " T "},
      doubles(),
      {null, 0, 1, 12, 24, -3, 60, Integer.MAX_VALUE},
      {null, 0.0, 100.0, 100.5, 99.99, 250.0, Double.NaN, -0.0, 1e6}};

  static final List<String> EXPRESSIONS = List.of(
      "total_charges / nullif(tenure_months, 0)", "CASE WHEN usage_gb > 100 THEN 1 ELSE 0 END",
      "d + d2", "d - i", "d * 0.5", "d / 2.5", "i + l", "i * i", "t + t", "s * s", "l * l", "-i", "-t", "-d",
      "+d", "f + f", "f * 2", "i / 0", "d / d2", "i % 7", "d % d2", "l % i", "t % t", "i div 3", "l div i", "f % f",
      "d = d2", "d <=> d2", "d <> d2", "d < d2", "d >= d2", "f > 1", "i <= l", "str < 'b'", "str = '12'",
      "b = true", "b < true", "str > 'ü'", "i = str", "d > str", "i + str", "t = s",
      "b and d > 0", "b or d > 0", "not b", "(d > 0) and (i > 0 or b)",
      "d is null", "str is not null", "isnan(d)", "isnan(f)",
      "if(b, i, l)", "CASE WHEN d > 0 THEN 'pos' WHEN d < 0 THEN 'neg' END", "CASE i WHEN 1 THEN d ELSE f END",
      "coalesce(i, t, 0)", "coalesce(d, f, 1.5D)", "nullif(d, 0.0D)", "nullif(i, 2.0D)", "nvl(str, 'none')",
      "ifnull(i, -1)", "nvl2(b, 1, 2)",
      "greatest(d, d2, 1.0D)", "least(d, f, i)", "greatest(str, 'm')", "least(i, l)", "greatest(d, null)",
      "ln(d)", "log(d)", "log(2.0D, d)", "log(d2, d)", "log10(d)", "log2(d)", "log1p(d)", "exp(d)", "exp(i)",
      "sqrt(d)", "abs(d)", "abs(i)", "abs(t)", "abs(f)", "pow(d, d2)", "power(i, 2)", "floor(d)", "ceil(d)",
      "floor(l)", "ceil(i)", "floor(f)", "round(d, 2)", "round(d)", "round(f, 1)", "round(i)", "round(d, -1)",
      "round(l, 0)", "signum(d)", "signum(i)",
      "cast(str as int)", "cast(str as bigint)", "cast(str as tinyint)", "cast(str as smallint)",
      "cast(str as double)", "cast(str as float)", "cast(str as boolean)", "cast(d as int)", "cast(d as bigint)",
      "cast(d as smallint)", "cast(d as tinyint)", "cast(f as int)", "cast(f as bigint)", "cast(d as string)",
      "cast(f as string)", "cast(i as string)", "cast(b as int)", "cast(d as boolean)", "cast(i as boolean)",
      "cast(l as int)", "cast(l as float)", "cast(d as float)", "cast(i as double)", "cast(b as string)",
      "cast(t as string)", "cast(l as tinyint)", "cast(f as double)", "cast(i as float)", "cast(b as double)",
      "cast(str as bigint) + 1", "cast(null as int)", "1e308 * 10", "'7' * 2");

  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  @TempDir
  static Path dir;
  static Dataset<Row> local;
  static Dataset<Row> parquet;

  static Object[] doubles() {
    return new Object[] {null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0,
        -1.0, 2.5, -2.5, 0.5, 1e308, -1e-310, 123.456, 2.675, Double.MAX_VALUE, Double.MIN_VALUE, 3e9, -7.0,
        100.0, 150.5, 0.1, 1.5, 1.0000000000000002, Math.E, 1e-5, 12345678.9};
  }

  @BeforeAll
  static void makeData() {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 60; r++) {
      Object[] values = new Object[POOLS.length];
      for (int c = 0; c < POOLS.length; c++) {
        values[c] = POOLS[c][(r * (c + 1) + c * 7 + r / POOLS[c].length) % POOLS[c].length];
      }
      rows.add(RowFactory.create(values));
    }
    local = spark.createDataFrame(rows, SCHEMA);
    String path = dir.resolve("edge").toString();
    local.coalesce(1).write().parquet(path);
    parquet = spark.read().parquet(path);
    computeAll();
  }

  static Stream<String> expressions() {
    return EXPRESSIONS.stream();
  }

  /** One query's output: its schema and rows (the inputs, then one result column per expression). */
  record Outputs(StructType schema, List<Row> rows) {}

  /** Expressions per query: few queries keep the class fast, small ones keep generated methods small. */
  static final int CHUNK = 16;
  /** Per path (interpreted, generated code), the outputs of each chunk; and where each expression's column is. */
  static final List<List<Outputs>> OUTPUTS = List.of(new ArrayList<>(), new ArrayList<>());
  static final Map<String, int[]> WHERE = new HashMap<>();

  /** Every expression computed by Spark on both paths, {@value #CHUNK} per query. */
  static void computeAll() {
    for (int c = 0; c * CHUNK < EXPRESSIONS.size(); c++) {
      List<String> chunk = EXPRESSIONS.subList(c * CHUNK, Math.min(EXPRESSIONS.size(), (c + 1) * CHUNK));
      List<Column> cols = new ArrayList<>();
      for (String name : SCHEMA.fieldNames()) {
        cols.add(col(name));
      }
      for (int k = 0; k < chunk.size(); k++) {
        cols.add(expr(chunk.get(k)).as("__r" + k));
        WHERE.put(chunk.get(k), new int[] {c, SCHEMA.size() + k});
      }
      Column[] select = cols.toArray(Column[]::new);
      Dataset<Row> interpreted = local.select(select);
      OUTPUTS.get(0).add(new Outputs(interpreted.schema(), interpreted.collectAsList()));
      Dataset<Row> generated = parquet.select(select);
      OUTPUTS.get(1).add(new Outputs(generated.schema(), collect(generated, true)));
    }
  }

  @ParameterizedTest
  @MethodSource("expressions")
  void treeComputesWhatSparkComputes(String sql) {
    ExprNode tree = ExpressionTrees.translate(local, sql);
    assertThat(ExprJson.read(ExprJson.write(tree))).as("JSON round trip").isEqualTo(tree);
    int[] at = WHERE.get(sql);
    for (List<Outputs> path : OUTPUTS) {
      Outputs out = path.get(at[0]);
      assertThat(SqlType.of(out.schema().fields()[at[1]].dataType().simpleString())).isEqualTo(tree.type());
      for (Row row : out.rows()) {
        Map<String, Object> values = values(row);
        assertSame(tree.eval(values::get), row.get(at[1]), tree.type(), sql + " on " + values);
      }
    }
  }

  @Test
  void demoExpressionExportsAsReadableJson() {
    assertThat(ExprJson.write(ExpressionTrees.translate(local, "total_charges / nullif(tenure_months, 0)")))
        .isEqualTo("{\"op\":\"arith\",\"type\":\"double\",\"fn\":\"/\","
            + "\"left\":{\"op\":\"col\",\"type\":\"double\",\"name\":\"total_charges\"},"
            + "\"right\":{\"op\":\"cast\",\"type\":\"double\",\"child\":{\"op\":\"if\",\"type\":\"int\","
            + "\"cond\":{\"op\":\"cmp\",\"type\":\"boolean\",\"fn\":\"=\","
            + "\"left\":{\"op\":\"col\",\"type\":\"int\",\"name\":\"tenure_months\"},"
            + "\"right\":{\"op\":\"lit\",\"type\":\"int\",\"value\":0}},"
            + "\"then\":{\"op\":\"lit\",\"type\":\"int\",\"value\":null},"
            + "\"otherwise\":{\"op\":\"col\",\"type\":\"int\",\"name\":\"tenure_months\"}}}}");
  }

  @Test
  void bothSparkEvaluationPathsAreCompared() {
    String localPlan = local.withColumn("__r", expr("d + 1")).queryExecution().executedPlan().toString();
    String parquetPlan = withCodegen(() -> parquet.withColumn("__r", expr("d + 1")).queryExecution().executedPlan()
        .toString());
    assertThat(localPlan).as("folded into a local relation by interpreted evaluation").startsWith("LocalTableScan");
    assertThat(parquetPlan).as("whole-stage generated code").contains("*(1) Project");
  }

  @Test
  void chainedDerivedColumnsSeeEarlierOnes() {
    List<FeatureState.Derived> derive = List.of(
        new FeatureState.Derived("ratio", "total_charges / nullif(tenure_months, 0)"),
        new FeatureState.Derived("heavy", "CASE WHEN usage_gb > 100 THEN 1 ELSE 0 END"),
        new FeatureState.Derived("score", "ratio * 2 + heavy"),
        new FeatureState.Derived("flag", "score > 10 or ratio is null"),
        new FeatureState.Derived("d", "coalesce(d, -1.5D)"));
    List<ExpressionTrees.DerivedTree> trees = ExpressionTrees.translateAll(spark, SCHEMA, derive);
    assertThat(trees).extracting(ExpressionTrees.DerivedTree::type)
        .containsExactly(SqlType.DOUBLE, SqlType.INT, SqlType.DOUBLE, SqlType.BOOLEAN, SqlType.DOUBLE);
    for (Dataset<Row> data : List.of(local, parquet)) {
      Dataset<Row> out = new FeatureState(derive, List.of(), Map.of()).apply(data.withColumn("__d", expr("d")));
      for (Row row : collect(out, data == parquet)) {
        Map<String, Object> values = values(row);
        values.put("d", row.get(row.fieldIndex("__d")));
        for (ExpressionTrees.DerivedTree t : trees) {
          Object value = t.expr().eval(values::get);
          assertSame(value, row.get(row.fieldIndex(t.name())), t.type(), t.name() + " on " + values);
          values.put(t.name(), value);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("unsupported")
  void unsupportedFunctionsAndTypesFailNamingThem(String sql, String what) {
    StructType schema = SCHEMA.add("dec", DataTypes.createDecimalType(10, 2));
    assertThatThrownBy(() -> ExpressionTrees.translate(spark, schema, sql))
        .isInstanceOf(ExpressionTrees.Unsupported.class)
        .hasMessage("Cannot export derived expression \"" + sql + "\": " + what);
  }

  static Stream<Arguments> unsupported() {
    String function = " has no Spark-free implementation; supported: " + ExpressionTrees.SUPPORTED;
    String type = ", which has no Spark-free implementation; supported types: " + SqlType.supported()
        + "; compute in double instead (a literal such as 1.5 is a decimal in Spark SQL: write 1.5D)";
    return Stream.of(
        Arguments.of("substr(str, 1, 2)", "function substr" + function),
        Arguments.of("current_date()", "function current_date" + function),
        Arguments.of("i in (1, 2)", "function in" + function),
        Arguments.of("str || 'x'", "function concat" + function),
        Arguments.of("try_add(i, 1)", "function try_add" + function),
        Arguments.of("rand()", "function rand" + function),
        Arguments.of("1.5BD * i", "(1.5BD * CAST(i AS DECIMAL(10,0))) has type decimal(13,1)" + type),
        Arguments.of("dec * 2", "(dec * CAST(2 AS DECIMAL(1,0))) has type decimal(12,2)" + type),
        Arguments.of("cast(d as decimal(10, 2))", "CAST(d AS DECIMAL(10,2)) has type decimal(10,2)"
            + type),
        Arguments.of("dec", "dec has type decimal(10,2)" + type));
  }

  static List<Row> collect(Dataset<Row> out, boolean codegen) {
    return codegen ? withCodegen(out::collectAsList) : out.collectAsList();
  }

  /** {@code body} with whole-stage and expression code generation on, no interpreted fallback. */
  static <T> T withCodegen(Supplier<T> body) {
    String wholeStage = spark.conf().get(WHOLE_STAGE, "true");
    String factory = spark.conf().get(FACTORY_MODE, "FALLBACK");
    spark.conf().set(WHOLE_STAGE, "true");
    spark.conf().set(FACTORY_MODE, "CODEGEN_ONLY");
    try {
      return body.get();
    } finally {
      spark.conf().set(WHOLE_STAGE, wholeStage);
      spark.conf().set(FACTORY_MODE, factory);
    }
  }

  static Map<String, Object> values(Row row) {
    Map<String, Object> values = new HashMap<>();
    for (String name : SCHEMA.fieldNames()) {
      values.put(name, row.get(row.fieldIndex(name)));
    }
    return values;
  }

  /** Equal values of the node's type; doubles and floats by their bits, any NaN equal to any NaN. */
  static void assertSame(Object tree, Object spark, SqlType type, String what) {
    if (spark != null) {
      assertThat(spark).as("Spark's value class for " + what).isInstanceOf(type.javaClass());
    }
    if (tree instanceof Double x && spark instanceof Double y) {
      assertThat(Double.isNaN(x) && Double.isNaN(y) || Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y))
          .as(what + ": tree " + x + ", Spark " + y).isTrue();
    } else if (tree instanceof Float x && spark instanceof Float y) {
      assertThat(Float.isNaN(x) && Float.isNaN(y) || Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y))
          .as(what + ": tree " + x + ", Spark " + y).isTrue();
    } else {
      assertThat(tree).as(what).isEqualTo(spark);
    }
  }
}
